using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Crashdive.Commands;

/// <summary>Writes JSON Lines through a command's writer: one compact object per <see cref="Write"/>, reusing one buffer.</summary>
public sealed class JsonLines(TextWriter output)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    /// <summary>Writes the object <paramref name="fill"/> writes the properties of, then a newline.</summary>
    public void Write(Action<Utf8JsonWriter> fill)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, Options))
        {
            json.WriteStartObject();
            fill(json);
            json.WriteEndObject();
        }
        output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        output.Write('\n');
    }
}
