namespace Crashdive.Commands.SystemState;

public sealed partial class SearchCommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "[-s start] [ -[kKV] | -u | -p | -t | -T ] [-e end | -l length] [-m mask]\n         [-x count] -[cwh] [value | (expression) | symbol | string] ...";

    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "search",
        Summary = "search memory",
        Synopsis = Synopsis,
        Description = """
            Scans memory for values and prints the address of every place one is found, with the value. By
            default it looks for 64-bit words, aligned, through all of the kernel's mapped virtual memory; the
            options choose another size, strings, another address space, or the kernel stacks of tasks.
            Strings are matched across page boundaries. Pages the dump does not hold are skipped. Ctrl-C stops a
            long search between pages.

            Without -e or -l the search runs to the end of the chosen address space. With -m, the bits set in the
            mask are ignored when comparing, so one search can find a family of values.
            """,
        Options =
        [
            new("-s", "start", "where to begin: a hexadecimal address or a kernel symbol, in the address space chosen"),
            new("-e", "end", "where to stop: an address or a symbol"),
            new("-l", "length", "how many bytes to search from the start"),
            new("-k", null, "kernel virtual memory, from its lowest mapped address (the default)"),
            new("-K", null, "as -k, leaving out vmalloc and module memory and the vmemmap"),
            new("-V", null, "as -k, leaving out the direct map and the kernel image"),
            new("-u", null, "the current task's user memory, from its first mapping; refused for a kernel thread"),
            new("-p", null, "physical memory, from address 0"),
            new("-t", null, "the kernel stack of every task; hits are grouped under a line naming the task"),
            new("-T", null, "as -t, only the tasks that were running on a CPU"),
            new("-m", "mask", "hexadecimal bits to ignore in each comparison"),
            new("-c", null, "the values are strings (quote one that holds blanks)"),
            new("-w", null, "the values are 32-bit words"),
            new("-h", null, "the values are 16-bit words"),
            new("-x", "count", "for each hit, also count items of memory before and after it"),
            new("-v", "value", "accepted and ignored"),
        ],
        Arguments =
        [
            new("value", "a hexadecimal number to look for (several may be given)"),
            new("(expression)", "an expression whose value is looked for"),
            new("symbol", "a kernel symbol whose address is looked for"),
            new("string", "with -c: the text to look for"),
        ],
        Examples =
        [
            new("search -t ffff8880045a3c00", "which kernel stacks hold a pointer to that object"),
            new("search -c \"panic\"", "every copy of the word panic in kernel memory"),
        ],
    };
}
