using RadLine;

namespace Crashdive.Cli.Prompt;

/// <summary>Ctrl-D: end of input on an empty line (the session ends), else delete the character under the cursor.</summary>
public sealed class EndOfInputCommand : LineEditorCommand
{
    /// <inheritdoc/>
    public override void Execute(LineEditorContext context)
    {
        if (context.Buffer.Length == 0)
            context.Submit(SubmitAction.Cancel);
        else
            new DeleteCommand().Execute(context);
    }
}
