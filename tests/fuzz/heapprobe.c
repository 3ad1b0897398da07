/* Preloaded into the reference make by diffcommon.py when it reruns a case
   to see whether the reference reads memory it has freed: free() overwrites
   the block with 0xa5 bytes and never gives it back, so a read of a freed
   structure finds garbage (a pointer read there crashes) instead of what
   the allocator put there since. The constructor takes LD_PRELOAD out of
   the environment before make reads it (its variables and its children's
   environments stay the same). */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

void free(void *p)
{
    if (p)
        memset(p, 0xa5, malloc_usable_size(p));
}

__attribute__((constructor)) static void hide_probe(void)
{
    unsetenv("LD_PRELOAD");
}
