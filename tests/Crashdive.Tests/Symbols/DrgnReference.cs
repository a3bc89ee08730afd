using System.Diagnostics;
using System.Text.Json;

namespace Crashdive.Tests.Symbols;

/// <summary>
/// Asks drgn 0.3.0 (the reference for types and symbols, from the sid chroot) about a debug file, once: the
/// questions go in as JSON, the answers come back as JSON. About a second for a vmlinux.
/// </summary>
public sealed class DrgnReference
{
    private const string Script = """
        import json, sys, drgn
        # drgn 0.3.0 loads a bare vmlinux (no core) as an extra module of an x86-64 program
        p = drgn.Program(drgn.Platform(drgn.Architecture.X86_64, drgn.PlatformFlags.IS_64_BIT | drgn.PlatformFlags.IS_LITTLE_ENDIAN))
        m = p.extra_module(sys.argv[1], create=True)
        m.try_file(sys.argv[1], force=True)
        req = json.loads(sys.stdin.read())
        out = {k: {} for k in ("sizeof", "offsetof", "bitoffset", "typename", "symbol", "object", "constant")}
        def attempt(fn):
            try:
                return fn()
            except Exception:
                return None
        for t in req.get("sizeof", []):
            out["sizeof"][t] = attempt(lambda: drgn.sizeof(p.type(t)))
        for spec in req.get("offsetof", []):
            t, m = spec.split(":")
            out["offsetof"][spec] = attempt(lambda: drgn.offsetof(p.type(t), m))
        for spec in req.get("bitoffset", []):
            t, m = spec.split(":")
            out["bitoffset"][spec] = attempt(lambda: [p.type(t).member(m).bit_offset, p.type(t).member(m).bit_field_size])
        for spec in req.get("typename", []):
            t, m = spec.split(":")
            out["typename"][spec] = attempt(lambda: p.type(t).member(m).type.type_name())
        for s in req.get("symbol", []):
            out["symbol"][s] = attempt(lambda: [p.symbol(s).address, p.symbol(s).size])
        for s in req.get("object", []):
            out["object"][s] = attempt(lambda: [p.object(s).address_, p.object(s).type_.type_name()])
        for s in req.get("constant", []):
            out["constant"][s] = attempt(lambda: [p[s].value_(), p[s].type_.type_name()])
        print(json.dumps(out))
        """;

    private readonly JsonElement _answers;

    public DrgnReference(string debugFile, object questions)
    {
        string python = FindPython();
        string script = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crashdive-drgn-{Guid.NewGuid():n}.py");
        File.WriteAllText(script, Script);
        try
        {
            var psi = new ProcessStartInfo(python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(debugFile);
            using Process proc = Process.Start(psi)!;
            proc.StandardInput.Write(JsonSerializer.Serialize(questions));
            proc.StandardInput.Close();
            Task<string> stdout = proc.StandardOutput.ReadToEndAsync();
            Task<string> stderr = proc.StandardError.ReadToEndAsync();
            if (!proc.WaitForExit(180_000))
            {
                proc.Kill(entireProcessTree: true);
                Assert.Fail("drgn reference did not finish in 180 s");
            }
            if (proc.ExitCode != 0)
                Assert.Fail($"drgn reference failed (exit {proc.ExitCode}): {stderr.Result}");
            _answers = JsonDocument.Parse(stdout.Result).RootElement.Clone();
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>drgn's answer to one question, or null when drgn could not answer it.</summary>
    public JsonElement? Answer(string kind, string key)
    {
        JsonElement v = _answers.GetProperty(kind).GetProperty(key);
        return v.ValueKind == JsonValueKind.Null ? null : v;
    }

    /// <summary>The python3 of the sid chroot, where drgn 0.3.0 imports (or <c>CRASHDIVE_DRGN_PYTHON</c>).</summary>
    private static string FindPython() => Crashdive.Tests.Commands.ReferenceTools.Path("python3", "CRASHDIVE_DRGN_PYTHON");
}
