using Crashdive.Commands.Lists;
using Crashdive.Commands.Data;
using Crashdive.Commands.Memory;
using Crashdive.Commands.Modules;
using Crashdive.Commands.Net;
using Crashdive.Commands.SystemState;
using Crashdive.Commands.Symbols;

namespace Crashdive.Commands;

/// <summary>Every command crashdive offers, by name. Add new commands here, one line each.</summary>
public static class CommandRegistry
{
    /// <summary>A fresh instance of every command.</summary>
    public static IReadOnlyList<ICommand> CreateAll() =>
    [
        new LogCommand(),
        new RdCommand(),
        new VtopCommand(),
        new PtovCommand(),
        new PtobCommand(),
        new BtopCommand(),
        new SymCommand(),
        new ModCommand(),
        new ListCommand(new Printing.GdbStructEntryPrinter("list")),
        new TreeCommand(new Printing.GdbStructEntryPrinter("tree")),
        new Tasks.PsCommand(),
        new Tasks.SetCommand(),
        new Tasks.RunqCommand(),
        new Tasks.FilesCommand(),
        new Tasks.ForeachCommand(),
        new Tasks.SysCommand(),
        new Tasks.VmCommand(),
        new Tasks.TaskCommand(),
        new PrintCommand(),
        new StructCommand(),
        new StructCommand("union"),
        new StructCommand("*"),
        new WhatisCommand(),
        new EvalCommand(),
        new Code.DisCommand(),
        new Code.ListSourceCommand("l"),
        new Code.ListSourceCommand("list-source"),
        new Backtrace.BtCommand(),
        new Backtrace.FrameCommand(),
        new NetCommand(),
        new SkbCommand(),
        new NfqueueCommand(),
        new MountCommand(),
        new Kmem.KmemCommand(),
        new IrqCommand(),
        new TimerCommand(),
        new SearchCommand(),
        new DevCommand(),
        new SwapCommand(),
        new IpcsCommand(),
        new Tasks.WaitqCommand(),
        new Tasks.SigCommand(),
        new Gdb.ExamineCommand(),
        new Gdb.PtypeCommand(),
        new Gdb.GdbPrintCommand(),
        new Gdb.OutputCommand(),
        new Gdb.PrintfCommand(),
        new Gdb.InfoCommand(),
        new Gdb.GdbCommand(),
    ];
}
