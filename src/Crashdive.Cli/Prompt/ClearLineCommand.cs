using RadLine;

namespace Crashdive.Cli.Prompt;

/// <summary>Ctrl-C at the prompt: drops what was typed and gives a fresh prompt (never exits).</summary>
public sealed class ClearLineCommand : LineEditorCommand
{
    /// <inheritdoc/>
    public override void Execute(LineEditorContext context)
    {
        context.Buffer.Clear(0, context.Buffer.Length);
        context.Buffer.Move(0);
        context.Submit(SubmitAction.Submit);
    }
}
