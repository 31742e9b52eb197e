using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncLint.Tests.Integration
{
    /// <summary>
    /// A minimal Language Server Protocol client over stdio: Content-Length framing, requests matched to responses by
    /// id, and answers to the server's own requests (<c>workspace/configuration</c> with the settings it is given, null
    /// for anything else). Enough to drive a real server the way an editor does, and no more.
    /// </summary>
    internal sealed class LanguageServerClient : IDisposable
    {
        private readonly Process _process;
        private readonly Stream _input;
        private readonly object _writeGate = new object();
        private readonly Dictionary<int, TaskCompletionSource<JsonNode?>> _pending = new Dictionary<int, TaskCompletionSource<JsonNode?>>();
        private readonly Func<JsonNode?, JsonNode?> _configuration;
        private readonly StringBuilder _log = new StringBuilder();
        private int _nextId;

        public LanguageServerClient(ProcessStartInfo start, Func<JsonNode?, JsonNode?> configuration)
        {
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            _configuration = configuration;
            _process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
            _input = _process.StandardInput.BaseStream;
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) { Log("stderr: " + e.Data); } };
            _process.BeginErrorReadLine();
            new Thread(ReadLoop) { IsBackground = true, Name = "lsp-reader" }.Start();
        }

        /// <summary>What the server said besides responses (log messages, stderr), for a failure message.</summary>
        public string Transcript
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
        {
            var completion = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
            int id;
            lock (_pending)
            {
                id = ++_nextId;
                _pending[id] = completion;
            }

            Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            var finished = await Task.WhenAny(completion.Task, Task.Delay(timeout));
            if (finished != completion.Task)
            {
                throw new TimeoutException(method + " got no answer in " + timeout.TotalSeconds + " s.\n" + Transcript);
            }

            return await completion.Task;
        }

        public void Notify(string method, JsonNode? parameters)
            => Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            _process.Dispose();
        }

        private void Send(JsonObject message)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            var header = Encoding.ASCII.GetBytes("Content-Length: " + body.Length + "\r\n\r\n");
            lock (_writeGate)
            {
                _input.Write(header, 0, header.Length);
                _input.Write(body, 0, body.Length);
                _input.Flush();
            }
        }

        private void ReadLoop()
        {
            var output = _process.StandardOutput.BaseStream;
            try
            {
                while (ReadMessage(output) is { } message)
                {
                    Dispatch(message);
                }
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }

            lock (_pending)
            {
                foreach (var pending in _pending.Values)
                {
                    pending.TrySetException(new InvalidOperationException("the server closed its output.\n" + Transcript));
                }
            }
        }

        private void Dispatch(JsonNode message)
        {
            var method = (string?)message["method"];
            var id = message["id"];
            if (method is null && id != null)
            {
                TaskCompletionSource<JsonNode?>? completion;
                lock (_pending)
                {
                    _pending.Remove(id.GetValue<int>(), out completion);
                }

                if (message["error"] is { } error)
                {
                    completion?.TrySetException(new InvalidOperationException("server error: " + error.ToJsonString()));
                }
                else
                {
                    completion?.TrySetResult(message["result"]?.DeepClone());
                }

                return;
            }

            if (method != null && id != null)
            {
                var result = method == "workspace/configuration" ? _configuration(message["params"]) : null;
                Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
                return;
            }

            if (method == "window/logMessage" || method == "window/showMessage")
            {
                Log((string?)message["params"]?["message"] ?? string.Empty);
            }
        }

        private void Log(string line)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }

        private static JsonNode? ReadMessage(Stream stream)
        {
            var length = -1;
            while (true)
            {
                var line = ReadHeaderLine(stream);
                if (line is null)
                {
                    return null;
                }

                if (line.Length == 0)
                {
                    break;
                }

                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line.Substring("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var body = new byte[length];
            var read = 0;
            while (read < length)
            {
                var n = stream.Read(body, read, length - read);
                if (n == 0)
                {
                    return null;
                }

                read += n;
            }

            return JsonNode.Parse(body);
        }

        private static string? ReadHeaderLine(Stream stream)
        {
            var bytes = new List<byte>();
            while (true)
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }

                if (b == '\n')
                {
                    return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
                }

                bytes.Add((byte)b);
            }
        }
    }
}
