/*
 * library_without_lines.c — `step` over a call into a shared library that has
 * no debug information (libgcc_s's _Unwind_Backtrace: Debian installs none
 * for it), as gdb steps over it, even though the library calls back into
 * the program: the callback runs without a stop unless a breakpoint is in it.
 * Stepping out of the callback stops in the library (no line: gdb shows the
 * address), and stepping on from there runs to the next breakpoint.
 *
 * session:
 *   break library_without_lines.c:40
 *   run
 *   step
 *   print depth
 *   break count_frame
 *   continue
 *   bt
 *   next
 *   step
 *   step
 *   step
 *   bt
 *   step
 *   print *depth
 *   continue
 *   print *depth
 */
#include <stdio.h>
#include <unwind.h>

static _Unwind_Reason_Code count_frame(struct _Unwind_Context *context, void *argument)
{
    int *depth = argument;
    (*depth)++;
    return context != NULL ? _URC_NO_REASON : _URC_END_OF_STACK;
}

int main(void)
{
    int depth = 0;
    _Unwind_Backtrace(count_frame, &depth);
    int first = depth;
    _Unwind_Backtrace(count_frame, &depth);
    printf("%d frames, then %d\n", first, depth - first);
    return 0;
}
