using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;

namespace Crashdive.Commands.SystemState;

/// <summary>The <c>pid | task</c> argument of the system commands: a decimal pid, or a hexadecimal <c>task_struct</c> address.</summary>
internal static class TaskArgument
{
    /// <summary>The task named by <paramref name="word"/>, or null when no task has that pid or address.</summary>
    public static KObject? Find(KernelProgram kernel, string word)
    {
        bool hex = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        string digits = hex ? word[2..] : word;
        if (!hex && int.TryParse(digits, out int pid) && pid >= 0)
            return global::Crashdive.Helpers.Tasks.Tasks.FindByPid(kernel, pid);
        if (!ulong.TryParse(digits, System.Globalization.NumberStyles.HexNumber, null, out ulong address))
            return null;
        foreach (KObject t in global::Crashdive.Helpers.Tasks.Tasks.All(kernel))
        {
            if (t.Address == address)
                return t;
        }
        return null;
    }

    /// <summary>True when <paramref name="type"/> is a struct with a member <paramref name="name"/>.</summary>
    public static bool HasMemberNamed(this CType type, string name) => type.Underlying() is StructType s && s.HasMember(name);
}
