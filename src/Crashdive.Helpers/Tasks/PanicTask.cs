using Crashdive.Kernel;

namespace Crashdive.Helpers.Tasks;

/// <summary>
/// The task crash calls the current context at startup: the task running on the CPU that panicked
/// (<c>panic_cpu</c>), read from that CPU's <c>current_task</c> (up to 6.1) or <c>pcpu_hot.current_task</c>
/// (6.2+). When no CPU panicked (a dump taken from outside), CPU 0's current task.
/// </summary>
public static class PanicTask
{
    /// <summary>The panicking CPU (<c>panic_cpu</c>), or -1 when none.</summary>
    public static int PanicCpu(KernelProgram kernel)
    {
        if (kernel.FindVariable("panic_cpu") is not KObject v)
            return -1;
        KObject counter = v.HasMember("counter") ? v.Member("counter") : v;
        return (int)counter.ToInt64();
    }

    /// <summary>The task running on <paramref name="cpu"/> when the dump was taken (<c>struct task_struct</c>).</summary>
    public static KObject CurrentOn(KernelProgram kernel, int cpu)
    {
        KObject ptr = kernel.FindVariable("current_task") is KObject ct
            ? ct.PerCpu(cpu)
            : kernel.Variable("pcpu_hot").PerCpu(cpu).Member("current_task");
        return ptr.Deref();
    }

    /// <summary>The current context crash starts in: the panic CPU's task, else CPU 0's.</summary>
    public static KObject Find(KernelProgram kernel)
    {
        int cpu = PanicCpu(kernel);
        return CurrentOn(kernel, cpu < 0 ? 0 : cpu);
    }
}
