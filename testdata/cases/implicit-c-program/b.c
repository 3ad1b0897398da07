#include "x.h"
int b(void){return 2;}
