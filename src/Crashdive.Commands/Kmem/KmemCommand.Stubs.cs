namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{

    private static void Pages(CommandContext context, IReadOnlyList<ulong> addresses) => throw new CommandException("-p is not supported yet");


    private static void NodesAndSections(CommandContext context) => throw new CommandException("-n is not supported yet");
}
