using Crashdive.Commands.Memory;
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
        new MountCommand(),
        new Kmem.KmemCommand(),
        new IrqCommand(),
        new TimerCommand(),
        new SearchCommand(),
        new DevCommand(),
        new SwapCommand(),
        new IpcsCommand(),
    ];
}
