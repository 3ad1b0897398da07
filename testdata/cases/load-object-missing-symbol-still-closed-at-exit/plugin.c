#include <unistd.h>

int plugin_is_GPL_compatible;

__attribute__((destructor)) static void bye(void)
{
    write(2, "destructor ran\n", 15);
}

int plugin_gmk_setup(void *floc)
{
    return 1;
}
