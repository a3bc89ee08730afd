using Crashdive.Commands.Arguments;

namespace Crashdive.Commands.Memory;

/// <summary><c>btop</c>: byte addresses to page frame numbers.</summary>
public sealed class BtopCommand : ICommand
{
    /// <summary>crash's synopsis.</summary>
    public const string Synopsis = "address ...";

    /// <inheritdoc/>
    public string Name => "btop";

    /// <inheritdoc/>
    public string Summary => "bytes to page";

    /// <inheritdoc/>
    public string Help => $"""
        NAME
          btop - bytes to page

        SYNOPSIS
          btop {Synopsis}

        DESCRIPTION
          Translates hexadecimal addresses to their page frame numbers (hexadecimal).

        EXAMPLE
          btop 512a000    prints "512a000: 512a"
        """;

    /// <inheritdoc/>
    public void Execute(CommandContext context, IReadOnlyList<string> args)
    {
        // crash reads no options here: every word is an address.
        if (args.Count == 0)
        {
            context.Out.Write(CrashText.Usage(Name, Synopsis) + "\n");
            return;
        }
        int shift = System.Numerics.BitOperations.Log2((uint)context.Kernel.Dump.PageSize);
        foreach (string word in args)
        {
            ulong address = AddressExpression.ParseHex(word);
            context.Out.Write($"{address:x}: {address >> shift:x}\n");
        }
    }
}
