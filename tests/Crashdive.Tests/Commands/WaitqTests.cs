using System.Text.RegularExpressions;
using Crashdive.Helpers.Tasks;
using Crashdive.Kernel;

namespace Crashdive.Tests.Commands;

/// <summary>
/// <c>waitq</c> on the fixture's fx-pipe-reader, asleep in read() on an empty pipe: its pipe's <c>rd_wait</c> queue
/// holds exactly that task (pid from the ground truth; the pipe found from the task's fd 3 without waitq's code),
/// on the 6.1 and 6.12 dumps. Empty queues, the three argument forms and the errors are byte-identical to crash
/// 8.0.2, which cannot show the waiter itself: it knows 3 of the guest's tasks, and stops at an entry whose task it
/// does not know.
/// </summary>
public sealed partial class WaitqTests
{
    [Theory]
    [InlineData("6.1", "kdump/vmcore.kdump-zlib")]
    [InlineData("6.1", "qemu/vmcore.elf")]
    [InlineData("6.12", "kdump/vmcore.elf")]
    [InlineData("6.12", "qemu/vmcore.elf")]
    public void ThePipeReaderWaitsOnItsPipe(string kernel, string dumpRel)
    {
        bool is612 = kernel == "6.12";
        using var k = is612 ? Fixtures.OpenKernel612(dumpRel) : Fixtures.OpenKernel(dumpRel);
        var truth = is612 ? Fixtures.GroundTruth612(dumpRel[..dumpRel.IndexOf('/')]) : Fixtures.GroundTruthOf(dumpRel);
        var reader = truth.Single("fx-pipe-reader");
        ulong pipe = PipeOf(k, reader.Pid, 3);
        var entry = TaskTable.Of(k).ByPid(reader.Pid).Single();
        string header = $"PID: {reader.Pid,-7}  TASK: {entry.Task:x16}  CPU: {entry.Cpu,-3}  COMMAND: \"fx-pipe-reader\"\n";
        Assert.Equal(header, CommandRunner.RunOk(k, $"waitq pipe_inode_info.rd_wait {pipe:x}"));
        ulong rdWait = KObject.Reference(k, k.Type("struct pipe_inode_info"), pipe).Member("rd_wait").Address;
        Assert.Equal(header, CommandRunner.RunOk(k, $"waitq {rdWait:x}"));
        Assert.Equal(header, CommandRunner.RunOk(k, $"waitq 0x{rdWait:x}"));
        // nobody writes: the write side's queue is empty
        ulong wrWait = KObject.Reference(k, k.Type("struct pipe_inode_info"), pipe).Member("wr_wait").Address;
        Assert.Equal($"wait queue {wrWait:x} is empty\n", CommandRunner.RunOk(k, $"waitq pipe_inode_info.wr_wait {pipe:x}"));
        // the same pipe through the write end (fd 4)
        Assert.Equal(pipe, PipeOf(k, reader.Pid, 4));
    }

    [Fact]
    public void FormsAndErrorsMatchCrash()
    {
        const string dump = "kdump/vmcore.kdump-zlib";
        using var k = Fixtures.OpenKernel(dump);
        int readerPid = Fixtures.GroundTruthOf(dump).Single("fx-pipe-reader").Pid;
        ulong pipe = PipeOf(k, readerPid, 3);
        ulong reader = (Tasks.FindByPid(k, readerPid) ?? throw new InvalidOperationException("no reader")).Address;
        KObject kthreadd = Tasks.FindByPid(k, 2) ?? throw new InvalidOperationException("no kthreadd");
        Assert.Equal(0UL, kthreadd.Member("mm").ToUInt64());
        ulong nullHeaded = kthreadd.Address + OffsetOf(k, "struct task_struct", "mm") - OffsetOf(k, "struct wait_queue_head", "head");
        string[] commands =
        [
            $"waitq pipe_inode_info.wr_wait {pipe:x}", "waitq log_wait", "waitq pipe_inode_info.rd_wait",
            $"waitq pipe_inode_info.nosuch {pipe:x}", $"waitq no_such_struct.head {pipe:x}", "waitq nosuchsym", "waitq",
            "waitq 0", "waitq 1234", "waitq a b c",
            // a "queue" whose list head holds NULL: placed so that wait_queue_head.head is kthreadd's mm, which a
            // kernel thread never has (once "NULL list pointer" here, where crash says the queue is empty)
            $"waitq {nullHeaded:x}",
            // a member that holds text, not a list: its first word is no kernel address
            $"waitq task_struct.comm {reader:x}",
        ];
        var crash = CrashReference.Run(Fixtures.Path("kernel/vmlinux"), Fixtures.Path(dump), commands);
        CrashComparison.AssertSame(k, commands, crash);
        Assert.Equal($"wait queue {nullHeaded:x} is empty\n", crash[^2]);
        // the garbage "queue" read from a struct member that is not one is reported, not walked
        Assert.Matches(InvalidAddress(), crash[^1]);
    }

    private static ulong OffsetOf(KernelProgram k, string type, string member) =>
        k.Type(type).Underlying() is Crashdive.Symbols.Types.StructType s && s.FindMemberPath(member) is { } m
            ? m.Offset : throw new InvalidOperationException($"no {type}.{member}");

    // task->files->fdt->fd[fd]->f_inode->i_pipe
    private static ulong PipeOf(KernelProgram k, int pid, int fd)
    {
        KObject task = Tasks.FindByPid(k, pid) ?? throw new InvalidOperationException($"no pid {pid}");
        KObject file = task.Member("files").Deref().Member("fdt").Deref().Member("fd").Index(fd).Deref();
        ulong pipe = file.Member("f_inode").Deref().Member("i_pipe").ToUInt64();
        Assert.NotEqual(0UL, pipe);
        return pipe;
    }

    [GeneratedRegex("^waitq: invalid kernel virtual address: [0-9a-f]+  type: \"list entry\"\n$")]
    private static partial Regex InvalidAddress();
}
