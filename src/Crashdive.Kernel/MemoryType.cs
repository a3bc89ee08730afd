namespace Crashdive.Kernel;

/// <summary>Which address space an address given to <see cref="KernelProgram.ReadMemory"/> lives in (crash's memtype).</summary>
public enum MemoryType
{
    /// <summary>Kernel virtual (crash's KVADDR).</summary>
    KernelVirtual,
    /// <summary>User virtual, through a task's page tables (UVADDR).</summary>
    UserVirtual,
    /// <summary>Physical (PHYSADDR).</summary>
    Physical,
    /// <summary>An offset into the dump file itself (FILEADDR).</summary>
    DumpFile,
}
