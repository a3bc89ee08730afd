namespace Crashdive.Kernel;

public sealed partial class KernelProgram
{
    /// <summary>
    /// The session's current task (<c>struct task_struct *</c> address) as crash's <c>set</c> chooses it,
    /// or null until a command sets it (then the panic task is meant). Every command that works on
    /// "the current context" (<c>files</c>, <c>vm</c>, <c>sig</c>, <c>set</c> itself) reads it here.
    /// </summary>
    public ulong? CurrentTask { get; set; }
}
