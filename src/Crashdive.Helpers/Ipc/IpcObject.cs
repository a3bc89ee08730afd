namespace Crashdive.Helpers.Ipc;

/// <summary>
/// One System V IPC object as <c>ipcs</c> shows it. <see cref="Address"/> is the containing structure
/// (<c>shmid_kernel</c>, <c>sem_array</c>, <c>msg_queue</c>); <see cref="Mode"/> is <c>kern_ipc_perm.mode</c> with
/// its <c>SHM_DEST</c>/<c>SHM_LOCKED</c> bits. <see cref="Size"/> is the segment size (shm), the number of
/// semaphores (sem) or the bytes queued (msg); <see cref="Count"/> the attach count (shm) or queued messages (msg).
/// <see cref="ShmFile"/> is the segment's shmem file (shm only).
/// </summary>
public readonly record struct IpcObject(
    ulong Address, int Key, int Id, uint Uid, uint Mode, bool Deleted, long Size, long Count, ulong ShmFile);
