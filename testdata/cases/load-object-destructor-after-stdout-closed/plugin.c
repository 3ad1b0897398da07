#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int plugin_is_GPL_compatible;
extern char *gmk_expand(const char *);
extern void gmk_free(char *);
extern char *gmk_alloc(unsigned int);
extern void gmk_add_function(const char *, char *(*)(const char *, unsigned int, char **),
                             unsigned int, unsigned int, unsigned int);

static char *greet(const char *name, unsigned int argc, char **argv)
{
    char *r = gmk_alloc(64);
    printf("printed by %s\n", name);
    snprintf(r, 64, "hello-%s", argv[0]);
    return r;
}

__attribute__((destructor)) static void bye(void)
{
    write(2, "destructor ran\n", 15);
    printf("printed after make closed stdout\n");
}

int plugin_gmk_setup(void *floc)
{
    char *v = gmk_expand("$(X)");
    printf("setup sees %s\n", v);
    gmk_free(v);
    gmk_add_function("greet", greet, 1, 1, 0);
    return 1;
}
