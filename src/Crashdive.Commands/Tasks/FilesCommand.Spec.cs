namespace Crashdive.Commands.Tasks;

public sealed partial class FilesCommand
{
    /// <inheritdoc/>
    public CommandSpec Spec { get; } = new()
    {
        Name = "files",
        Summary = "open files",
        Synopsis = "[-d dentry] | [-p inode] | [-c] [-R reference] [pid | taskp] ...",
        Description = """
            For a task (the current one when none is given), prints its root and working directories and then
            one line per open file descriptor: the descriptor number, the struct file, its dentry and inode, the
            file type (REG, DIR, CHR, BLK, FIFO, SOCK, LNK, UNKN) and the path. Paths are built from the dentry
            chain and the mount tree, as the kernel's d_path does.
            """,
        Options =
        [
            new("-c", null, "instead of the file and dentry, show each inode's address_space (I_MAPPING) and how many pages it has in the page cache (NRPAGES)"),
            new("-R", "reference", "only the descriptor lines that contain reference (an address or part of a path); a task with no such line is left out"),
            new("-d", "dentry", "for one dentry address: the dentry, its inode and superblock, the filesystem type and the path"),
            new("-p", "inode", "the pages one inode has in the page cache, with their struct page lines"),
        ],
        Arguments =
        [
            new("pid", "a process id"),
            new("taskp", "a task_struct address, hexadecimal"),
        ],
        Examples =
        [
            new("files 1", "what pid 1 has open"),
            new("foreach files -R /var/log/syslog", "which tasks have that file open"),
        ],
    };
}
