using Crashdive.Commands.Backtrace;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using KeraLua;

namespace Crashdive.Scripting;

// kernel.backtrace(pid or task): bt's frames as a list of tables (the same unwind as bt --json).
public sealed partial class LuaHost
{
    private void RegisterBacktrace()
    {
        Add("backtrace", lua =>
        {
            KObject task = lua.Type(1) == LuaType.Number && lua.ToIntegerX(1) is long pid && pid is >= 0 and < int.MaxValue
                ? Tasks.FindByPid(Kernel, (int)pid) ?? throw new ScriptArgumentException($"no task with pid {pid}")
                : Tasks.At(Kernel, AddressArg(lua, 1));
            var rows = new List<Dictionary<string, object>>();
            foreach (BacktraceFrame f in BacktraceFrames.Of(Kernel, task).Frames)
            {
                var row = new Dictionary<string, object>
                {
                    ["level"] = (long)f.Level, ["sp"] = (long)f.Sp, ["pc"] = (long)f.Pc, ["offset"] = (long)f.Offset, ["line"] = (long)f.Line,
                };
                if (f.Function != null)
                    row["function"] = f.Function;
                if (f.Module != null)
                    row["module"] = f.Module;
                if (f.File != null)
                    row["file"] = f.File;
                if (f.Exception != null)
                {
                    var regs = new Dictionary<string, object>();
                    foreach (var (reg, value) in f.Exception)
                        regs[reg] = (long)value;
                    row["exception"] = regs;
                }
                rows.Add(row);
            }
            PushRows(lua, rows);
            return 1;
        });
    }
}
