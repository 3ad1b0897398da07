/* The gmk_* functions of GNU make's plugin API (gnumake.h), for objects
   loaded by rmake's `load` directive. rmake embeds this file compiled as a
   shared object and opens it, with global scope, before the first object:
   the object's references to gmk_* bind here, and each call is passed on
   to make through the table rmake gives rmake_gmk_bind. Memory that crosses
   the API (gmk_alloc, gmk_expand's result, a function's result) comes from
   the malloc of the C library this file is linked with, which is the one
   the objects use even when rmake itself is linked statically. */

#include <stdio.h>
#include <stdlib.h>

struct rmake_gmk_calls {
    void (*eval)(const char *text, const void *floc);
    char *(*expand)(const char *text, void *(*alloc)(size_t));
    void (*add_function)(const char *name, void *func, unsigned int min_args,
                         unsigned int max_args, unsigned int flags);
};

static struct rmake_gmk_calls calls;

void rmake_gmk_bind(const struct rmake_gmk_calls *c)
{
    calls = *c;
}

/* Objects print with stdio: make flushes it after each call into them. */
void rmake_gmk_flush(void)
{
    fflush(NULL);
}

char *gmk_alloc(unsigned int len)
{
    return malloc(len);
}

void gmk_free(char *s)
{
    free(s);
}

void gmk_eval(const char *text, const void *floc)
{
    calls.eval(text, floc);
}

char *gmk_expand(const char *text)
{
    return calls.expand(text, malloc);
}

void gmk_add_function(const char *name, void *func, unsigned int min_args,
                      unsigned int max_args, unsigned int flags)
{
    calls.add_function(name, func, min_args, max_args, flags);
}
