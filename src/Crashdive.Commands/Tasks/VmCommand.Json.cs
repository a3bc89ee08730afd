using Crashdive.Dumps;
using Crashdive.Helpers.Mm;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

public sealed partial class VmCommand : IJsonCommand
{
    /// <summary>
    /// <c>vm --json [pid | task]...</c>: one object per VMA of each task (the current task without
    /// arguments): pid, task, mm, pgd, vma, start, end, flags (hex), flag_names (the kernel's names), file
    /// (absent for anonymous memory). A task without an mm gives one object without VMA fields; a VMA that
    /// cannot be read carries an <c>error</c>.
    /// </summary>
    public void ExecuteJson(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Any(a => a.StartsWith('-')))
            throw new CommandException("--json takes only pids and task addresses");
        KernelProgram kernel = context.Kernel;
        var lines = new JsonLines(context.Out);
        var vmaType = kernel.Type("struct vm_area_struct");
        foreach (TaskEntry t in TaskDisplay.TasksOrCurrent(kernel, args))
        {
            MemUsage u = Usage(kernel, t);
            if (u.Mm == 0)
            {
                lines.Write(json =>
                {
                    json.WriteNumber("pid", t.Pid);
                    json.WriteString("task", t.Task.ToString("x"));
                    json.WriteString("mm", "0");
                });
                continue;
            }
            KObject mm = KObject.Reference(kernel, kernel.Type("struct mm_struct"), u.Mm);
            foreach (ulong vma in Vmas(mm))
            {
                context.Cancellation.ThrowIfCancellationRequested();
                ulong start = 0, end = 0, flags = 0;
                string file = "", error = "";
                try
                {
                    KObject v = KObject.Reference(kernel, vmaType, vma);
                    start = v.Member("vm_start").ToUInt64();
                    end = v.Member("vm_end").ToUInt64();
                    flags = v.Member("vm_flags").ToUInt64();
                    file = FileOf(v);
                }
                catch (Exception e) when (e is MemoryFaultException or KernelObjectException)
                {
                    error = e.Message;
                }
                lines.Write(json =>
                {
                    json.WriteNumber("pid", t.Pid);
                    json.WriteString("task", t.Task.ToString("x"));
                    json.WriteString("mm", u.Mm.ToString("x"));
                    json.WriteString("pgd", u.Pgd.ToString("x"));
                    json.WriteString("vma", vma.ToString("x"));
                    json.WriteString("start", start.ToString("x"));
                    json.WriteString("end", end.ToString("x"));
                    json.WriteString("flags", flags.ToString("x"));
                    json.WriteStartArray("flag_names");
                    foreach (var (mask, name) in VmaFlags.Names(kernel))
                    {
                        if ((flags & mask) == mask)
                            json.WriteStringValue(name);
                    }
                    json.WriteEndArray();
                    if (file.Length > 0)
                        json.WriteString("file", file);
                    if (error.Length > 0)
                        json.WriteString("error", error);
                });
            }
        }
    }
}
