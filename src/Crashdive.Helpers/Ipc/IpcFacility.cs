namespace Crashdive.Helpers.Ipc;

/// <summary>
/// A System V IPC facility: its index in <c>ipc_namespace.ids[]</c> (<c>IPC_SEM_IDS</c> 0, <c>IPC_MSG_IDS</c> 1,
/// <c>IPC_SHM_IDS</c> 2 in ipc/util.h), the kernel structure that embeds each object's <c>kern_ipc_perm</c>, and
/// that member's name.
/// </summary>
public sealed record IpcFacility(int Index, string StructName, string PermMember, string IdMember)
{
    /// <summary>Semaphore arrays.</summary>
    public static readonly IpcFacility Sem = new(0, "struct sem_array", "sem_perm", "sem_id");

    /// <summary>Message queues.</summary>
    public static readonly IpcFacility Msg = new(1, "struct msg_queue", "q_perm", "q_id");

    /// <summary>Shared memory segments.</summary>
    public static readonly IpcFacility Shm = new(2, "struct shmid_kernel", "shm_perm", "id");
}
