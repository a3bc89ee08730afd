namespace Crashdive.Commands.Backtrace;

public sealed partial class BtCommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-a|-c cpu(s)|-g|-r|-t|-T|-l|-e|-E|-f|-F|-o|-O|-v|-p] [-R ref] [-s [-x|d]]\n     [-I ip] [-S sp] [-n idle] [pid | task]";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          bt - backtrace

        SYNOPSIS
          bt {Synopsis}

        DESCRIPTION
          Display a kernel stack backtrace.  If no arguments are given, the stack
          trace of the current context (the panic task) will be displayed.

               -a  displays the stack traces of the active task on each CPU.
          -n idle  filter the stack of idle tasks (only the header of an idle task
                   that was stopped by the crash NMI is shown).
               -p  display the stack trace of the panic task only.
           -c cpu  display the stack trace of the active task on one or more CPUs,
                   which can be specified using the format "3", "1,8,9", "1-23",
                   or "1,8,9-14".
               -g  displays the stack traces of all threads in the thread group of
                   the target task; the thread group leader will be displayed first.
               -r  display raw stack data, consisting of a memory dump of the two
                   pages of memory containing the task_union structure.
               -t  display all text symbols found from the last known stack location
                   to the top of the stack. (helpful if the back trace fails)
               -T  display all text symbols found from just above the task_struct or
                   thread_info to the top of the stack.
               -l  show file and line number of each stack trace text location.
               -e  search the stack for possible kernel and user mode exception frames.
               -E  search the IRQ stacks and the exception stacks for possible
                   exception frames; all other arguments except for -c are ignored.
               -f  display all stack data contained in a frame.
            -F[F]  similar to -f, except that the stack data is displayed symbolically
                   when appropriate; if the stack data references a slab cache object,
                   the name of the slab cache will be displayed in brackets.  If -F
                   is entered twice, both the address and the name of the slab cache
                   are displayed in brackets.
               -v  check the kernel stack of all tasks for evidence of stack overflows:
                   the STACK_END_MAGIC value at the end of the stack (and, on kernels
                   that keep thread_info on the stack, its task pointer and cpu).
               -o  use crash's old backtrace method, which shows every kernel text
                   address found on the stack from the first frame up, stale return
                   addresses included (the default unwinds with the kernel's ORC
                   tables; the kernel has no frame pointers to follow).
               -O  use the old backtrace method by default; subsequent usage of this
                   option toggles the backtrace method.
           -R ref  display stack trace only if there is a reference to this symbol
                   or text address.
               -s  display the symbol name plus its offset.
               -x  when displaying a symbol offset with the -s option, override the
                   default output format with hexadecimal format.
               -d  when displaying a symbol offset with the -s option, override the
                   default output format with decimal format.
            -I ip  use ip as the starting text location.
            -S sp  use sp as the starting stack frame address (with -I, the first
                   frame is "#0 [sp] function at ip"; alone, sp must hold a return
                   address, which becomes the first frame).
              pid  displays the stack trace(s) of this pid.
            taskp  displays the stack trace the the task referenced by this hexadecimal
                   task_struct pointer.

          Frames come from the kernel's ORC unwind tables (vmlinux and modules), so
          stale return addresses left on the stack are not shown as frames (use -o
          or -t to see them), and exception frames (pt_regs) and the IRQ and
          exception stacks are crossed with crash's "--- <IRQ stack> ---" markers.
          Where a walk cannot go on (a corrupt stack pointer, a loop, no unwind data)
          the last line says where and why it stopped.

        EXAMPLES
          bt
          bt -a
          bt -a -n idle
          bt -l 1
          bt -FF ffff8df9c11fb000
          bt -e
          bt -I ffffffffa75cd06e -S ffffd134000139f0
          foreach bt
        """;
}
