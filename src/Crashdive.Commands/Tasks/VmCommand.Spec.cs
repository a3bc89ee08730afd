namespace Crashdive.Commands.Tasks;

public sealed partial class VmCommand
{
    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "vm",
        Summary = "virtual memory",
        Synopsis = "[-p | -P vma | -M mm | -v | -m | -x | -d | [-R reference] [pid | task]]\n     [-f vm_flags]",
        Description = """
            For a task (the current one when none is given), prints its mm_struct, the location of its page
            directory, its resident set and virtual size in kilobytes, and then each of its memory areas: the
            vm_area_struct, the start and end addresses, the flags, and the mapped file's path. A kernel thread
            has no memory of its own and shows only its header. VMAs are read from the maple tree on 6.1 and
            later kernels and from the linked list before.
            """,
        Options =
        [
            new("-p", null, "after each area, each of its pages: the virtual address and the physical address it maps to, or where it sits in swap, or that it is not mapped"),
            new("-P", "vma", "only the area at this vm_area_struct address, with its pages as -p shows them"),
            new("-R", "reference", "only the areas that hold reference: an address inside them, a number (hexadecimal or decimal) among their values, or a part of the mapped file's path"),
            new("-m", null, "the whole mm_struct of the task"),
            new("-v", null, "every vm_area_struct of the task, in full"),
            new("-M", "mm", "read the areas from this mm_struct instead of the task's"),
            new("-x", null, "with -m and -v: integers in hexadecimal"),
            new("-d", null, "with -m and -v: integers in decimal"),
            new("-f", "vm_flags", "only name the bits set in a vm_flags value and stop"),
            new("--json", null, "the task's memory areas as JSON"),
        ],
        Arguments =
        [
            new("pid", "a process id"),
            new("task", "a task_struct address, hexadecimal"),
        ],
        Examples =
        [
            new("vm 1", "the memory map of pid 1"),
            new("vm -f 8100073", "the names of those VMA flags"),
        ],
    };
}
