#include "util.h"
int util(void){return 0;}
