namespace Crashdive.Commands.SystemState;

public sealed partial class TimerCommand
{
    private static void HrTimers(CommandContext context, int cpus, bool[]? chosen) =>
        throw new CommandException("-r is not supported yet");
}
