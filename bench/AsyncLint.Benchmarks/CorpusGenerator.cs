using System.Text;

namespace AsyncLint.Benchmarks;

/// <summary>One generated source file.</summary>
internal sealed record CorpusFile(string Path, string Text, int Lines);

/// <summary>
/// A deterministic generator of realistic async C#: per module an entity, a repository over System.Data.Common,
/// a service, an ASP.NET-style controller, a WinForms-style view and a static helper class, with async and sync code
/// mixed. Each module carries one violation of each catalog family (1xx blocking, 2xx synchronous I/O, 3xx async void
/// and unobserved tasks, 4xx Task.Run and async wrappers), rotating through the shapes of the family, so that every
/// rule reaches its expensive path and not only its cheap name filter. A module is about 600 lines, so each family
/// fires about once per 600 lines. Modules are generated one after another from one seeded random source: the
/// corpus at 4× starts with exactly the corpus at 1×.
/// </summary>
internal static class CorpusGenerator
{
    private static readonly string[] Nouns =
    {
        "Order", "Invoice", "Customer", "Shipment", "Product", "Payment", "Account", "Ticket", "Booking", "Report",
        "Schedule", "Document", "Message", "Device", "Session", "Profile", "Subscription", "Warehouse", "Route", "Asset",
    };

    // One entry per catalog family: the shapes a violation of that family takes, chosen in rotation.
    private const int BlockingShapes = 7;
    private const int IoShapes = 5;
    private const int UnobservedShapes = 5;
    private const int WrapperShapes = 4;

    public static IReadOnlyList<CorpusFile> Generate(int targetLines, int seed = 20261201)
    {
        var random = new Random(seed);
        var files = new List<CorpusFile> { Make("Infrastructure/Stubs.cs", Stubs) };
        var lines = files[0].Lines;
        for (var module = 0; lines < targetLines; module++)
        {
            foreach (var file in Module(module, random))
            {
                files.Add(file);
                lines += file.Lines;
            }
        }

        return files;
    }

    public static int CountLines(string text)
    {
        var count = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return count;
    }

    private static CorpusFile Make(string path, string text) => new(path, text, CountLines(text));

    private static IEnumerable<CorpusFile> Module(int index, Random random)
    {
        var m = new ModuleShape(
            Entity: Nouns[index % Nouns.Length] + index.ToString("D4"),
            Namespace: "Corpus.M" + index.ToString("D4"),
            Blocking: (index + random.Next(BlockingShapes)) % BlockingShapes,
            Io: (index + random.Next(IoShapes)) % IoShapes,
            Unobserved: (index + random.Next(UnobservedShapes)) % UnobservedShapes,
            Wrapper: (index + random.Next(WrapperShapes)) % WrapperShapes,
            Fields: 3 + random.Next(4),
            PageSize: 10 * (1 + random.Next(10)),
            Retries: 2 + random.Next(3),
            Previous: index == 0 ? null : "Corpus.M" + (index - 1).ToString("D4") + ".Domain." + Nouns[(index - 1) % Nouns.Length] + (index - 1).ToString("D4"));
        var folder = "M" + index.ToString("D4") + "/";
        yield return Make(folder + m.Entity + ".cs", Entity(m));
        yield return Make(folder + m.Entity + "Repository.cs", Repository(m));
        yield return Make(folder + m.Entity + "Service.cs", Service(m));
        yield return Make(folder + m.Entity + "Controller.cs", Controller(m));
        yield return Make(folder + m.Entity + "View.cs", View(m));
        yield return Make(folder + m.Entity + "Helpers.cs", Helpers(m));
    }

    private sealed record ModuleShape(
        string Entity, string Namespace, int Blocking, int Io, int Unobserved, int Wrapper,
        int Fields, int PageSize, int Retries, string? Previous);

    private static string Entity(ModuleShape m)
    {
        var extra = new StringBuilder();
        for (var i = 0; i < m.Fields; i++)
        {
            extra.Append("        public string? Note").Append(i).Append(" { get; set; }\n");
        }

        return $$"""
using System;
using System.Collections.Generic;
using System.Linq;

namespace {{m.Namespace}}.Domain
{
    /// <summary>A {{m.Entity}} as stored and shown.</summary>
    public sealed class {{m.Entity}}
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public decimal Amount { get; set; }
        public int Version { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public List<string> Tags { get; } = new List<string>();
{{extra}}
        public bool IsOpen => ClosedAt is null && Amount >= 0;

        public {{m.Entity}} Close(DateTimeOffset now)
        {
            if (!IsOpen)
            {
                throw new InvalidOperationException($"{{m.Entity}} {Id} is already closed.");
            }

            ClosedAt = now;
            Version++;
            return this;
        }

        public override string ToString() => $"{Name} ({Amount:0.00}, {Tags.Count} tags)";
    }

    public sealed record {{m.Entity}}Summary(Guid Id, string Name, decimal Total, int TagCount);

    public sealed record {{m.Entity}}Query(string? Text, int Page, int PageSize)
    {
        public bool Matches({{m.Entity}} item) =>
            Text is null || item.Name.Contains(Text, StringComparison.OrdinalIgnoreCase) || item.Tags.Any(t => t == Text);
    }
}
""";
    }

    private static string Repository(ModuleShape m)
    {
        // ASYNC2xx shapes that live in data access.
        var openConnection = m.Io == 0
            ? "using var connection = _factory.Create();"
            : "await using var connection = _factory.Create();";
        var executeReader = m.Io == 1
            ? "using var reader = command.ExecuteReader();"
            : "await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);";
        var readRow = m.Io == 2 ? "reader.Read()" : "await reader.ReadAsync(cancellationToken).ConfigureAwait(false)";

        return $$"""
using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Corpus.Infrastructure;
using Microsoft.Extensions.Logging;
using {{m.Namespace}}.Domain;

namespace {{m.Namespace}}.Data
{
    public interface I{{m.Entity}}Repository
    {
        Task<{{m.Entity}}?> FindAsync(Guid id, CancellationToken cancellationToken);
        Task<IReadOnlyList<{{m.Entity}}>> ListAsync(int page, CancellationToken cancellationToken);
        Task SaveAsync({{m.Entity}} item, CancellationToken cancellationToken);
        {{m.Entity}}? FindCached(Guid id);
    }

    public sealed class {{m.Entity}}Repository : I{{m.Entity}}Repository
    {
        private const string SelectColumns = "SELECT Id, Name, Amount, Version FROM {{m.Entity}}";
        private readonly IConnectionFactory _factory;
        private readonly ILogger<{{m.Entity}}Repository> _logger;
        private readonly Dictionary<Guid, {{m.Entity}}> _cache = new Dictionary<Guid, {{m.Entity}}>();
        private readonly object _gate = new object();

        public {{m.Entity}}Repository(IConnectionFactory factory, ILogger<{{m.Entity}}Repository> logger)
        {
            _factory = factory ?? throw new ArgumentNullException(nameof(factory));
            _logger = logger;
        }

        public {{m.Entity}}? FindCached(Guid id)
        {
            lock (_gate)
            {
                return _cache.TryGetValue(id, out var cached) ? cached : null;
            }
        }

        public async Task<{{m.Entity}}?> FindAsync(Guid id, CancellationToken cancellationToken)
        {
            var cached = FindCached(id);
            if (cached != null)
            {
                return cached;
            }

            {{openConnection}}
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = SelectColumns + " WHERE Id = @id";
            AddParameter(command, "@id", id);
            {{executeReader}}
            if (!{{readRow}})
            {
                _logger.LogDebug("{{m.Entity}} {Id} not found", id);
                return null;
            }

            var item = Map(reader);
            lock (_gate)
            {
                _cache[id] = item;
            }

            return item;
        }

        public async Task<IReadOnlyList<{{m.Entity}}>> ListAsync(int page, CancellationToken cancellationToken)
        {
            var items = new List<{{m.Entity}}>({{m.PageSize}});
            await using var connection = _factory.Create();
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = SelectColumns + " ORDER BY Name OFFSET @skip ROWS FETCH NEXT {{m.PageSize}} ROWS ONLY";
            AddParameter(command, "@skip", page * {{m.PageSize}});
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(Map(reader));
            }

            _logger.LogInformation("Listed {Count} {{m.Entity}} rows", items.Count);
            return items;
        }

        public async Task SaveAsync({{m.Entity}} item, CancellationToken cancellationToken)
        {
            if (item is null)
            {
                throw new ArgumentNullException(nameof(item));
            }

            await using var connection = _factory.Create();
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE {{m.Entity}} SET Name = @name, Amount = @amount, Version = Version + 1 WHERE Id = @id AND Version = @version";
            AddParameter(command, "@id", item.Id);
            AddParameter(command, "@name", item.Name);
            AddParameter(command, "@amount", item.Amount);
            AddParameter(command, "@version", item.Version);
            var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (rows == 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw new DBConcurrencyException("{{m.Entity}} " + item.Id + " was changed by someone else.");
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                item.Version++;
                _cache[item.Id] = item;
            }
        }

        private static void AddParameter(DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        private static {{m.Entity}} Map(DbDataReader reader) => new {{m.Entity}}
        {
            Id = reader.GetGuid(0),
            Name = reader.GetString(1),
            Amount = reader.GetDecimal(2),
            Version = reader.GetInt32(3),
        };
    }
}
""";
    }

    private static string Service(ModuleShape m)
    {
        var e = m.Entity;

        // ASYNC1xx shapes.
        var loadForRecalculate = m.Blocking switch
        {
            0 => $"var item = _repository.FindAsync(id, cancellationToken).Result;",
            1 => $"var pending = _repository.FindAsync(id, cancellationToken);\n                pending.Wait(cancellationToken);\n                var item = await pending.ConfigureAwait(false);",
            2 => $"var item = _repository.FindAsync(id, cancellationToken).GetAwaiter().GetResult();",
            _ => $"var item = await _repository.FindAsync(id, cancellationToken).ConfigureAwait(false);",
        };
        var backOff = m.Blocking == 3
            ? "Thread.Sleep(TimeSpan.FromMilliseconds(50 * attempt));"
            : "await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);";
        var enter = m.Blocking == 4 ? "_mutex.Wait(cancellationToken);" : "await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);";
        var syncFacade = m.Blocking == 5
            ? $"public {e}? Find(Guid id) => _repository.FindAsync(id, CancellationToken.None).Result;"
            : $"public {e}? Find(Guid id) => _repository.FindCached(id);";
        var importHeader = m.Blocking == 6
            ? $"var header = {e}Helpers.LoadHeaderBlocking(path);"
            : $"var header = await {e}Helpers.LoadHeaderAsync(path, cancellationToken).ConfigureAwait(false);";

        // ASYNC2xx shapes that live in services.
        var readImport = m.Io == 3
            ? "var text = File.ReadAllText(path);"
            : "var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);";
        var readChunk = m.Io == 4
            ? "var read = stream.Read(buffer, 0, buffer.Length);"
            : "var read = await stream.ReadAsync(buffer.AsMemory(0, buffer.Length), cancellationToken).ConfigureAwait(false);";

        // ASYNC3xx shapes.
        var refresh = m.Unobserved switch
        {
            0 => $$"""
        public async void RefreshAll()
        {
            var items = await _repository.ListAsync(0, CancellationToken.None).ConfigureAwait(false);
            _logger.LogInformation("Refreshed {Count} items", items.Count);
        }
""",
            1 => $$"""
        public void RefreshAll(IReadOnlyList<{{e}}> items)
        {
            items.ToList().ForEach(async item => await _repository.SaveAsync(item, CancellationToken.None).ConfigureAwait(false));
        }
""",
            2 => $$"""
        public void RefreshAll({{e}} item)
        {
            _repository.SaveAsync(item, CancellationToken.None);
            _logger.LogInformation("Refresh of {Id} started", item.Id);
        }
""",
            3 => $$"""
        public Task<{{e}}?> RefreshAll(Guid id)
        {
            if (id == Guid.Empty)
            {
                return null!;
            }

            return _repository.FindAsync(id, CancellationToken.None);
        }
""",
            _ => $$"""
        public Task<string> RefreshAll(string path)
        {
            using (var reader = new StreamReader(path))
            {
                return reader.ReadToEndAsync();
            }
        }
""",
        };

        // ASYNC4xx shapes.
        var wrapper = m.Wrapper switch
        {
            0 => $"public Task<decimal> ScoreAsync({e} item) => Task.Run(() => Score(item));",
            1 => $"public async Task SaveInBackgroundAsync({e} item, CancellationToken cancellationToken) => await Task.Run(() => _repository.SaveAsync(item, cancellationToken), cancellationToken).ConfigureAwait(false);",
            2 => $"public async Task SaveInBackgroundAsync({e} item, CancellationToken cancellationToken) => await Task.Factory.StartNew(async () => await _repository.SaveAsync(item, cancellationToken).ConfigureAwait(false), cancellationToken, TaskCreationOptions.None, TaskScheduler.Default).ConfigureAwait(false);",
            _ => $"public async Task<int> CountOpenAsync(IReadOnlyList<{e}> items) {{ var count = 0; foreach (var item in items) {{ if (item.IsOpen) count++; }} return count; }}",
        };

        var previous = m.Previous is null
            ? ""
            : $"\n        public static string PreviousLabel() => typeof({m.Previous}).Name;\n";

        return $$"""
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using {{m.Namespace}}.Data;
using {{m.Namespace}}.Domain;

namespace {{m.Namespace}}.Services
{
    public sealed class {{e}}Service : IDisposable
    {
        private readonly I{{e}}Repository _repository;
        private readonly HttpClient _http;
        private readonly ILogger<{{e}}Service> _logger;
        private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
        private int _recalculations;

        public {{e}}Service(I{{e}}Repository repository, HttpClient http, ILogger<{{e}}Service> logger)
        {
            _repository = repository;
            _http = http;
            _logger = logger;
        }

        public int Recalculations => Volatile.Read(ref _recalculations);

        {{syncFacade}}

        public async Task<{{e}}Summary?> GetSummaryAsync(Guid id, CancellationToken cancellationToken)
        {
            var item = await _repository.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return null;
            }

            var total = item.Amount + item.Tags.Count * 0.5m;
            return new {{e}}Summary(item.Id, item.Name, total, item.Tags.Count);
        }

        public async Task<IReadOnlyList<{{e}}Summary>> SearchAsync({{e}}Query query, CancellationToken cancellationToken)
        {
            var page = await _repository.ListAsync(query.Page, cancellationToken).ConfigureAwait(false);
            return page.Where(query.Matches)
                .OrderByDescending(x => x.Amount)
                .Take(query.PageSize)
                .Select(x => new {{e}}Summary(x.Id, x.Name, x.Amount, x.Tags.Count))
                .ToList();
        }

        public async Task<decimal> RecalculateAsync(Guid id, CancellationToken cancellationToken)
        {
            {{enter}}
            try
            {
                {{loadForRecalculate}}
                if (item is null)
                {
                    return 0m;
                }

                item.Amount = Score(item);
                await _repository.SaveAsync(item, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _recalculations);
                return item.Amount;
            }
            finally
            {
                _mutex.Release();
            }
        }

        public async Task<string> FetchRemoteAsync(string path, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException ex) when (attempt < {{m.Retries}})
                {
                    _logger.LogWarning(ex, "Attempt {Attempt} for {Path} failed", attempt, path);
                    {{backOff}}
                }
            }
        }

        public async Task<int> ImportAsync(string path, CancellationToken cancellationToken)
        {
            {{importHeader}}
            {{readImport}}
            var imported = 0;
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(';');
                if (parts.Length < 2 || !decimal.TryParse(parts[1], out var amount))
                {
                    _logger.LogWarning("Skipping line {Line} of {Header}", line, header);
                    continue;
                }

                var item = new {{e}} { Id = Guid.NewGuid(), Name = parts[0].Trim(), Amount = amount, CreatedAt = DateTimeOffset.UtcNow };
                await _repository.SaveAsync(item, cancellationToken).ConfigureAwait(false);
                imported++;
            }

            return imported;
        }

        public async Task<long> ChecksumAsync(Stream stream, CancellationToken cancellationToken)
        {
            var buffer = new byte[4096];
            long checksum = 17;
            while (true)
            {
                {{readChunk}}
                if (read == 0)
                {
                    return checksum;
                }

                for (var i = 0; i < read; i++)
                {
                    checksum = checksum * 31 + buffer[i];
                }
            }
        }

        public async Task<IReadOnlyList<{{e}}?>> LoadManyAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
        {
            var tasks = ids.Select(id => _repository.FindAsync(id, cancellationToken)).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            var results = new List<{{e}}?>(tasks.Count);
            foreach (var task in tasks)
            {
                results.Add(task.Result);
            }

            return results;
        }

        public Task<int> CountAsync() => Task.FromResult(Recalculations);

        {{refresh}}

        {{wrapper}}

        public decimal Score({{e}} item)
        {
            var score = item.Amount;
            foreach (var tag in item.Tags)
            {
                score += tag.Length % 7 == 0 ? 1.5m : 0.25m;
            }

            return Math.Round(score, 2);
        }
{{previous}}
        public void Dispose()
        {
            _mutex.Dispose();
        }
    }
}
""";
    }

    private static string Controller(ModuleShape m)
    {
        var e = m.Entity;
        return $$"""
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using {{m.Namespace}}.Domain;
using {{m.Namespace}}.Services;

namespace {{m.Namespace}}.Api
{
    [ApiController]
    [Route("api/{{e.ToLowerInvariant()}}")]
    public sealed class {{e}}Controller : ControllerBase
    {
        private readonly {{e}}Service _service;
        private readonly ILogger<{{e}}Controller> _logger;

        public {{e}}Controller({{e}}Service service, ILogger<{{e}}Controller> logger)
        {
            _service = service;
            _logger = logger;
        }

        [HttpGet("{id}")]
        public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken)
        {
            var summary = await _service.GetSummaryAsync(id, cancellationToken);
            return summary is null ? NotFound() : Ok(summary);
        }

        [HttpGet]
        public async Task<ActionResult<IReadOnlyList<{{e}}Summary>>> Search([FromQuery] string? text, int page = 0, CancellationToken cancellationToken = default)
        {
            if (page < 0)
            {
                return BadRequest("page must not be negative");
            }

            var results = await _service.SearchAsync(new {{e}}Query(text, page, {{m.PageSize}}), cancellationToken);
            _logger.LogInformation("Search {Text} returned {Count}", text, results.Count);
            return Ok(results);
        }

        [HttpPost("{id}/recalculate")]
        public async Task<IActionResult> Recalculate(Guid id, CancellationToken cancellationToken)
        {
            try
            {
                var amount = await _service.RecalculateAsync(id, cancellationToken);
                return Ok(new { id, amount });
            }
            catch (InvalidOperationException ex)
            {
                _logger.LogWarning(ex, "Recalculation of {Id} failed", id);
                return Conflict(ex.Message);
            }
        }

        [HttpPost("import")]
        public async Task<IActionResult> Import([FromBody] string path, CancellationToken cancellationToken)
        {
            var count = await _service.ImportAsync(path, cancellationToken);
            return count == 0 ? NoContent() : Ok(count);
        }

        [HttpGet("count")]
        public IActionResult Count() => Ok(_service.Recalculations);
    }
}
""";
    }

    private static string View(ModuleShape m)
    {
        var e = m.Entity;
        return $$"""
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Windows.Forms;
using {{m.Namespace}}.Domain;
using {{m.Namespace}}.Services;

namespace {{m.Namespace}}.Ui
{
    public sealed class {{e}}View : Form
    {
        private readonly {{e}}Service _service;
        private readonly Button _refresh = new Button { Text = "Refresh" };
        private readonly Button _recalculate = new Button { Text = "Recalculate" };
        private readonly Label _status = new Label();
        private CancellationTokenSource? _loading;

        public {{e}}View({{e}}Service service)
        {
            _service = service;
            _refresh.Click += OnRefreshClick;
            _recalculate.Click += async (sender, args) => await RecalculateSelectedAsync();
            Load += OnLoad;
            Controls.Add(_refresh);
            Controls.Add(_recalculate);
            Controls.Add(_status);
        }

        public Guid SelectedId { get; set; }

        private async void OnLoad(object? sender, EventArgs e)
        {
            await ReloadAsync();
        }

        private async void OnRefreshClick(object? sender, EventArgs e)
        {
            _refresh.Enabled = false;
            try
            {
                await ReloadAsync();
            }
            catch (Exception ex)
            {
                _status.Text = ex.Message;
            }
            finally
            {
                _refresh.Enabled = true;
            }
        }

        private async Task ReloadAsync()
        {
            _loading?.Cancel();
            _loading = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var results = await _service.SearchAsync(new {{e}}Query(null, 0, {{m.PageSize}}), _loading.Token);
            var total = await Task.Run(() => results.Sum(r => r.Total));
            _status.Text = $"{results.Count} items, total {total:0.00}";
        }

        private async Task RecalculateSelectedAsync()
        {
            if (SelectedId == Guid.Empty)
            {
                _status.Text = "Nothing selected";
                return;
            }

            var amount = await _service.RecalculateAsync(SelectedId, CancellationToken.None);
            _status.Text = "New amount: " + amount.ToString("0.00");
        }
    }
}
""";
    }

    private static string Helpers(ModuleShape m)
    {
        var e = m.Entity;
        return $$"""
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace {{m.Namespace}}.Services
{
    public static class {{e}}Helpers
    {
        private static readonly Dictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public static string Slug(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (var c in name)
            {
                builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
            }

            return builder.ToString().Trim('-');
        }

        public static string LoadHeaderBlocking(string path)
        {
            lock (Headers)
            {
                if (Headers.TryGetValue(path, out var cached))
                {
                    return cached;
                }
            }

            var header = LoadHeaderAsync(path, CancellationToken.None).GetAwaiter().GetResult();
            lock (Headers)
            {
                Headers[path] = header;
            }

            return header;
        }

        public static async Task<string> LoadHeaderAsync(string path, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(path);
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            return line ?? string.Empty;
        }

        public static async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> action, int attempts, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await action(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException) when (attempt < attempts)
                {
                    await Task.Delay(100 * attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public static IEnumerable<IReadOnlyList<T>> Batch<T>(IEnumerable<T> source, int size)
        {
            var batch = new List<T>(size);
            foreach (var item in source)
            {
                batch.Add(item);
                if (batch.Count == size)
                {
                    yield return batch;
                    batch = new List<T>(size);
                }
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }

        public static async IAsyncEnumerable<string> ReadLinesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            using var reader = new StreamReader(path);
            string? line;
            while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) != null)
            {
                yield return line;
            }
        }
    }
}
""";
    }

    private const string Stubs = """
// Small stand-ins with the real namespaces and names for the frameworks the corpus uses, so that the corpus
// compiles against the BCL alone.
using System;
using System.Collections.Generic;
using System.Data.Common;

namespace Corpus.Infrastructure
{
    public interface IConnectionFactory
    {
        DbConnection Create();
    }
}

namespace Microsoft.Extensions.Logging
{
    public interface ILogger
    {
        void Log(int level, Exception? exception, string message, params object?[] args);
    }

    public interface ILogger<out TCategory> : ILogger
    {
    }

    public static class LoggerExtensions
    {
        public static void LogDebug(this ILogger logger, string message, params object?[] args) => logger.Log(1, null, message, args);
        public static void LogInformation(this ILogger logger, string message, params object?[] args) => logger.Log(2, null, message, args);
        public static void LogWarning(this ILogger logger, string message, params object?[] args) => logger.Log(3, null, message, args);
        public static void LogWarning(this ILogger logger, Exception exception, string message, params object?[] args) => logger.Log(3, exception, message, args);
    }
}

namespace Microsoft.AspNetCore.Mvc
{
    public interface IActionResult
    {
    }

    public class ObjectResult : IActionResult
    {
        public ObjectResult(object? value, int status) { Value = value; StatusCode = status; }
        public object? Value { get; }
        public int StatusCode { get; }
    }

    public sealed class ActionResult<T> : IActionResult
    {
        private ActionResult(IActionResult result) { Result = result; }
        public IActionResult Result { get; }
        public static implicit operator ActionResult<T>(ObjectResult result) => new ActionResult<T>(result);
    }

    public abstract class ControllerBase
    {
        public ObjectResult Ok(object? value = null) => new ObjectResult(value, 200);
        public ObjectResult NoContent() => new ObjectResult(null, 204);
        public ObjectResult BadRequest(object? error) => new ObjectResult(error, 400);
        public ObjectResult NotFound() => new ObjectResult(null, 404);
        public ObjectResult Conflict(object? error) => new ObjectResult(error, 409);
    }

    [AttributeUsage(AttributeTargets.Class)] public sealed class ApiControllerAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)] public sealed class RouteAttribute : Attribute { public RouteAttribute(string template) { } }
    [AttributeUsage(AttributeTargets.Method)] public sealed class HttpGetAttribute : Attribute { public HttpGetAttribute() { } public HttpGetAttribute(string template) { } }
    [AttributeUsage(AttributeTargets.Method)] public sealed class HttpPostAttribute : Attribute { public HttpPostAttribute(string template) { } }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class FromBodyAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Parameter)] public sealed class FromQueryAttribute : Attribute { }
}

namespace System.Windows.Forms
{
    public class Control
    {
        public string Text { get; set; } = "";
        public bool Enabled { get; set; } = true;
        public List<Control> Controls { get; } = new List<Control>();
        public event EventHandler? Click;
        protected void OnClick(EventArgs e) => Click?.Invoke(this, e);
    }

    public class Button : Control
    {
    }

    public class Label : Control
    {
    }

    public class Form : Control
    {
        public event EventHandler? Load;
        protected void OnLoad(EventArgs e) => Load?.Invoke(this, e);
    }
}
""";
}
