using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Dumps;
using Crashdive.Helpers.Fs;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

/// <summary><c>files</c>: a task's root and working directories and its open files, in crash's layout.</summary>
public sealed partial class FilesCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "files";

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = new Getopt(Spec.Getopt).Parse(args);
        if (parsed.Errors.Count > 0)
            throw new CommandUsageException(parsed.Errors[0]);
        var kernel = context.Kernel;
        bool nrpages = false;
        string? reference = null;
        foreach (var o in parsed.Options)
        {
            switch (o.Letter)
            {
                case 'c': nrpages = true; break;
                case 'R': reference = o.Value; break;
                case 'd':
                    Guard(() => DentryInfo(context, ParseAddress(o.Value!)));
                    return;
                case 'p':
                    Guard(() => InodePages(context, ParseAddress(o.Value!)));
                    return;
            }
        }
        var sb = new StringBuilder(2048);
        if (parsed.Words.Count == 0)
        {
            Dump(kernel, TaskDisplay.CurrentTask(kernel), nrpages, reference, sb, false);
            context.Out.Write(sb);
            return;
        }
        // crash: a PID's tasks each end with an empty line, a task address does not; from the second
        // word on, the task header starts with one.
        for (int i = 0; i < parsed.Words.Count; i++)
        {
            string w = parsed.Words[i];
            var found = TaskDisplay.IsNumber(w) ? TaskDisplay.Resolve(kernel, w) : null;
            if (found == null)
            {
                context.Out.Write($"files: invalid task or pid value: {w}\n");
                continue;
            }
            bool byPid = found.Count > 1 || found[0].Pid.ToString() == w;
            foreach (var t in found)
            {
                Dump(kernel, t, nrpages, reference, sb, i > 0);
                if (byPid)
                    sb.Append('\n');
                context.Out.Write(sb);
                sb.Clear();
            }
        }
    }

    /// <summary>crash's <c>open_files_dump()</c> for one task.</summary>
    public static void Dump(KernelProgram kernel, TaskEntry t, bool nrpages, string? reference, StringBuilder sb, bool newlineFirst)
    {
        KObject task = Helpers.Tasks.Tasks.At(kernel, t.Task);
        var lines = new StringBuilder();
        string rootPwd = "";
        if (task.Member("fs").ToUInt64() != 0)
        {
            string root = Safe(() => DPath.OfPath(task.Member("fs").Member("root")));
            string pwd = Safe(() => DPath.OfPath(task.Member("fs").Member("pwd")));
            rootPwd = $"ROOT: {root}    CWD: {pwd}\n";
        }
        bool any = false;
        foreach (var (fd, file) in FileTable.Open(task))
        {
            string line;
            try
            {
                line = FileLine(kernel, fd, file, nrpages);
            }
            catch (MemoryFaultException e)
            {
                line = $"{fd,3} {file.Address:x16}  (unreadable: {e.Message})\n";
            }
            if (reference != null && !line.Contains(reference, StringComparison.Ordinal))
                continue;
            any = true;
            lines.Append(line);
        }
        if (reference != null)
        {
            if (!any)
                return;
            sb.Append(newlineFirst ? "\n" : "").Append(TaskDisplay.Header(t)).Append(rootPwd).Append(Header(nrpages)).Append(lines).Append('\n');
            return;
        }
        sb.Append(newlineFirst ? "\n" : "").Append(TaskDisplay.Header(t)).Append(rootPwd);
        if (!any)
            sb.Append("No open files\n");
        else
            sb.Append(Header(nrpages)).Append(lines);
    }

    private static string Header(bool nrpages) => nrpages
        ? " FD      INODE          I_MAPPING     NRPAGES TYPE PATH\n"
        : " FD       FILE            DENTRY           INODE       TYPE PATH\n";

    private static string FileLine(KernelProgram kernel, int fd, KObject file, bool nrpages)
    {
        KObject path = file.Member("f_path");
        ulong dentry = path.Member("dentry").ToUInt64();
        ulong mnt = path.Member("mnt").ToUInt64();
        if (dentry == 0)
            return $"{fd,3} {file.Address:x16} {0:x16} {TaskDisplay.Center("?", 16, false)} ?    ?\n";
        KObject d = path.Member("dentry").Deref();
        ulong inode = d.Member("d_inode").ToUInt64();
        if (inode == 0)
            return $"{fd,3} {file.Address:x16} {dentry:x16} {0:x16} ?    ?\n";
        KObject ino = d.Member("d_inode").Deref();
        uint mode = (uint)ino.Member("i_mode").ToUInt64();
        string name = DPath.Of(kernel, dentry, mnt);
        string type = DPath.InodeType(mode);
        if (type == "FIFO" && DPath.IsCrashPipe(kernel, ino))
        {
            type = "PIPE";
            name = "";
        }
        if (type == "SOCK" && name == "/")
            name = "";
        if (nrpages)
        {
            ulong mapping = ino.Member("i_mapping").ToUInt64();
            ulong pages = mapping == 0 ? 0 : KObject.Reference(kernel, kernel.Type("struct address_space"), mapping).Member("nrpages").ToUInt64();
            return $"{fd,3} {inode:x16} {mapping:x16} {pages,7} {type} {name}\n";
        }
        return $"{fd,3} {file.Address:x16} {dentry:x16} {inode:x16} {type} {name}\n";
    }

    private static string Safe(Func<string> f)
    {
        try
        {
            return f();
        }
        catch (MemoryFaultException)
        {
            return "(unreadable)";
        }
    }
}
