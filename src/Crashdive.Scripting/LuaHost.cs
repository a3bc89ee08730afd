using System.Text;
using Crashdive.Commands;
using Crashdive.Kernel;
using KeraLua;

namespace Crashdive.Scripting;

/// <summary>
/// One Lua 5.4 state for a session, kept across <c>lua</c> commands so that globals defined by
/// one script are there for the next. It offers <c>require "crash"</c> (crash-lua's module, whose
/// <c>exec_command</c> runs a line through the prompt's own dispatch) and the typed <c>kernel</c>
/// API over <see cref="KObject"/>.
/// <para>
/// No Lua error is ever raised from C#: on Linux .NET cannot unwind Lua's <c>longjmp</c> across
/// managed frames (dotnet/runtime#1445), so every C# function returns an error marker and its
/// message, and the Lua wrappers in <c>prelude.lua</c> raise the error from Lua.
/// </para>
/// </summary>
public sealed partial class LuaHost : IDisposable
{
    /// <summary>Lua instructions between two checks for Ctrl-C.</summary>
    public const int InterruptCheckInterval = 10_000;

    private readonly Lua _lua;
    private readonly ICommandLineRunner _runner;
    private TextWriter _output = TextWriter.Null;
    private CancellationToken _cancellation;
    private bool _running;

    /// <summary>A state over <paramref name="kernel"/> whose <c>crash.exec_command</c> runs lines through <paramref name="runner"/>.</summary>
    public LuaHost(KernelProgram kernel, ICommandLineRunner runner)
    {
        Kernel = kernel;
        _runner = runner;
        _lua = new Lua(openLibs: true);
        _lua.Encoding = Encoding.UTF8;
        RegisterBridge();
        LoadPrelude();
    }

    /// <summary>The kernel the scripts look at.</summary>
    public KernelProgram Kernel { get; }

    /// <summary>
    /// Runs the script file <paramref name="path"/> with <paramref name="args"/> (Lua's <c>arg</c>
    /// table, <c>arg[0]</c> the path, and the chunk's <c>...</c>), printing to <paramref name="output"/>.
    /// A failure is a <see cref="ScriptException"/> (<c>file:line: message</c>); Ctrl-C an <see cref="OperationCanceledException"/>.
    /// </summary>
    public void RunFile(string path, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellation)
    {
        if (!File.Exists(path))
            throw new ScriptException($"cannot open {path}: no such file");
        Run(() => _lua.LoadFile(path), path, args, output, cancellation);
    }

    /// <summary>Runs the Lua source <paramref name="chunk"/> (<c>lua -e</c>); errors name it <c>(command line)</c>.</summary>
    public void RunChunk(string chunk, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellation) =>
        Run(() => _lua.LoadString(chunk, "=(command line)"), "(command line)", args, output, cancellation);

    private void Run(Func<LuaStatus> load, string name, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellation)
    {
        if (_running)
            throw new ScriptException("a script cannot run another script (lua inside exec_command)");
        _running = true;
        _output = output;
        _cancellation = cancellation;
        int top = _lua.GetTop();
        try
        {
            SetArgTable(name, args);
            if (load() != LuaStatus.OK)
                throw new ScriptException(PopMessage());
            foreach (string a in args)
                _lua.PushString(a);
            LuaStatus status = _lua.PCall(args.Count, 0, 0);
            if (status != LuaStatus.OK)
            {
                string message = PopMessage();
                cancellation.ThrowIfCancellationRequested();
                throw new ScriptException(message);
            }
            _output.Flush();
        }
        finally
        {
            _lua.SetTop(top);
            _running = false;
            _output = TextWriter.Null;
            _cancellation = default;
        }
    }

    private void SetArgTable(string name, IReadOnlyList<string> args)
    {
        _lua.CreateTable(args.Count, 1);
        _lua.PushString(name);
        _lua.RawSetInteger(-2, 0);
        for (int i = 0; i < args.Count; i++)
        {
            _lua.PushString(args[i]);
            _lua.RawSetInteger(-2, i + 1);
        }
        _lua.SetGlobal("arg");
    }

    private string PopMessage()
    {
        string message = _lua.Type(-1) == LuaType.String ? _lua.ToString(-1, false) : $"(error object is a {_lua.TypeName(-1)} value)";
        _lua.Pop(1);
        // One line: a multi-line message keeps its first line (crash's usage text keeps all of it).
        return message.TrimEnd('\n');
    }

    private void LoadPrelude()
    {
        using var stream = typeof(LuaHost).Assembly.GetManifestResourceStream("Crashdive.Scripting.prelude.lua")
            ?? throw new InvalidOperationException("prelude.lua is not embedded");
        using var reader = new StreamReader(stream);
        string source = reader.ReadToEnd();
        if (_lua.LoadString(source, "=prelude") != LuaStatus.OK || _lua.PCall(0, 1, 0) != LuaStatus.OK)
            throw new InvalidOperationException("prelude.lua: " + _lua.ToString(-1, false));
        // The prelude returns its setup function: call it with the bridge table and the error marker.
        _lua.GetGlobal("__crashdive_bridge");
        _lua.PushLightUserData(ErrorMarker);
        _lua.PushInteger(InterruptCheckInterval);
        if (_lua.PCall(3, 0, 0) != LuaStatus.OK)
            throw new InvalidOperationException("prelude.lua: " + _lua.ToString(-1, false));
        _lua.PushNil();
        _lua.SetGlobal("__crashdive_bridge");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _lua.Close();
    }
}
