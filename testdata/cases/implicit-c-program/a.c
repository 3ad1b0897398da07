#include "x.h"
int a(void){return 40;}
