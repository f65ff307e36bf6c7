using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OmniSupport.Server;

/// <summary>
/// Kestrel refuses some requests before any middleware runs (an escaped NUL, <c>%00</c>, in the path; a
/// request line over <c>MaxRequestLineSize</c>, 414; headers over their limit, 431; a malformed request
/// line) and answers them with an empty body, which status-code pages cannot reach. This connection
/// adapter gives those answers, and only those, the problem-details body every other error of the hub has.
/// A rejection is recognised by its shape: a 4xx that Kestrel itself ends with <c>Content-Length: 0</c>
/// and <c>Connection: close</c>, without a content type (an answer of the app always carries one).
/// </summary>
public static class KestrelRejectionBodies
{
    public static IServiceCollection AddKestrelRejectionBodies(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            connection.Transport = new RejectionAwareTransport(connection.Transport, kestrel.Limits.MaxRequestLineSize);
            return next(connection);
        })));

    private sealed class RejectionAwareTransport(IDuplexPipe inner, int maxRequestLine) : IDuplexPipe
    {
        public PipeReader Input { get; } = inner.Input;

        public PipeWriter Output { get; } = new RejectionWriter(inner.Output, maxRequestLine);
    }

    /// <summary>Passes every write through untouched, except a rejection answer, which it rewrites with a body.</summary>
    private sealed class RejectionWriter(PipeWriter inner, int maxRequestLine) : PipeWriter
    {
        private static readonly byte[] StatusLinePrefix = "HTTP/1.1 4"u8.ToArray();
        private static readonly byte[] EmptyLength = "\r\nContent-Length: 0\r\n"u8.ToArray();
        private static readonly byte[] Close = "\r\nConnection: close\r\n"u8.ToArray();
        private static readonly byte[] ContentType = "\r\nContent-Type:"u8.ToArray();
        private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();
        private Memory<byte> _handedOut;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _handedOut = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            // Like a Pipe, the memory handed out may be advanced through in several steps.
            var written = _handedOut.Span[..bytes];
            if (!IsRejection(written))
            {
                _handedOut = _handedOut[bytes..];
                inner.Advance(bytes);
                return;
            }

            _handedOut = Memory<byte>.Empty;

            var rewritten = WithBody(written.ToArray());
            inner.Write(rewritten);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        private static bool IsRejection(ReadOnlySpan<byte> written) =>
            written.StartsWith(StatusLinePrefix) && written.EndsWith(EndOfHeaders) && written.IndexOf(EndOfHeaders) == written.Length - EndOfHeaders.Length
            && written.IndexOf(EmptyLength) > 0 && written.IndexOf(Close) > 0 && written.IndexOf(ContentType) < 0;

        private byte[] WithBody(byte[] response)
        {
            var text = Encoding.ASCII.GetString(response);
            var status = int.Parse(text.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
            var (title, detail) = status switch
            {
                414 => ("URI too long", $"The request line (path and query) is over the server's limit of {maxRequestLine} bytes."),
                431 => ("Request headers too large", "The request's headers are over the server's limit."),
                400 => ("Bad request", "The request line or headers could not be read (a character in the path or query that is not percent-encoded ASCII, an escaped NUL, %00, a malformed line or header): nothing was processed."),
                _ => ("Request refused", "The server refused the request before reading it."),
            };
            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5",
                ["title"] = title,
                ["status"] = status,
                ["detail"] = detail,
            });
            var headers = text[..^2].Replace("\r\nContent-Length: 0\r\n", $"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n", StringComparison.Ordinal);
            return [.. Encoding.ASCII.GetBytes(headers + "\r\n"), .. body];
        }
    }
}
