using System.Diagnostics;
using Crashdive.Commands;
using Crashdive.Helpers.Lists;
using Crashdive.Kernel;
using Crashdive.Symbols.Types;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Crashdive.Scripting.CSharp;

/// <summary>Compiles and runs a C# script with <see cref="CsxGlobals"/>; the only code that touches Roslyn.</summary>
internal static class CsxRunner
{
    /// <summary>Runs <paramref name="code"/> (named <paramref name="path"/> in messages); a failure is a one-line <see cref="CommandException"/>.</summary>
    public static void Run(string code, string path, CsxGlobals globals)
    {
        var options = ScriptOptions.Default
            .WithFilePath(path)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .AddReferences(typeof(CsxGlobals).Assembly, typeof(KObject).Assembly, typeof(CType).Assembly,
                typeof(KernelList).Assembly, typeof(ICommand).Assembly)
            .AddImports("System", "System.Linq", "System.Collections.Generic", "Crashdive.Kernel", "Crashdive.Symbols.Types");
        try
        {
            CSharpScript.RunAsync(code, options, globals, typeof(CsxGlobals), globals.Cancellation).GetAwaiter().GetResult();
        }
        catch (CompilationErrorException e)
        {
            Diagnostic d = e.Diagnostics[0];
            var line = d.Location.GetLineSpan();
            throw new CommandException($"{path}:{line.StartLinePosition.Line + 1}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The script's own line, from the debug information emitted with it.
            int? line = new StackTrace(e, true).GetFrames()
                .FirstOrDefault(f => f.GetFileName() == path && f.GetFileLineNumber() > 0)?.GetFileLineNumber();
            string message = e.GetType().Namespace?.StartsWith("Crashdive.", StringComparison.Ordinal) == true
                ? e.Message : $"{e.GetType().Name}: {e.Message}";
            throw new CommandException(line is int l ? $"{path}:{l}: {message}" : $"{path}: {message}");
        }
    }
}
