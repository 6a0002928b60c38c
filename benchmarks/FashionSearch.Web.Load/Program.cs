using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FashionSearch.Web.Load;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MultimodalSearch;

// The web app's load run (docs/benchmarks.md): the app in its own process on 127.0.0.1, offline (demo model and catalog),
// text and photo requests mixed, concurrent clients for a fixed time; then the same requests through AskAsync in process.
var settings = LoadSettings.Parse(args);
var root = LoadSettings.RepositoryRoot();
var appDll = settings.AppDll ?? Path.Combine(root, "samples", "FashionSearch.Web", "bin", "Release", "net10.0", "FashionSearch.Web.dll");
var model = Path.Combine(root, "models", "blip2-fashion-demo");
if (!File.Exists(appDll))
{
    Console.Error.WriteLine($"Build the app first: dotnet build samples/FashionSearch.Web -c Release ({appDll} is missing).");
    return 2;
}

var store = Directory.CreateTempSubdirectory("fashion-search-web-load-").FullName;
var requests = LoadRequest.Mix(Path.Combine(model, "catalog"), 64)
    .Where(r => settings.Mix switch { "text" => r.Photo is null, "photo" => r.Photo is not null, _ => true })
    .ToList();
Console.Error.WriteLine($"Load run: {settings.Clients} clients, {settings.Duration.TotalSeconds:F0} s through HTTP, then {settings.Rounds} rounds of {settings.BaselineDuration.TotalSeconds:F0} s HTTP / in process; {requests.Count(r => r.Photo is not null)} of {requests.Count} requests with a photo.");

// The baseline: the same workflow in this process, over its own copy of the catalog (the app's store is in use).
// The environment configures both sides alike (e.g. MultimodalSearch__Blip2__IntraOpThreads).
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection();
services.AddMultimodalFashionSearch(configuration).AddBlip2Onnx(o => o.ModelDirectory = model).AddEmbeddedCatalog(o => o.Directory = store + "-in-process");
await using var provider = services.BuildServiceProvider();
var ingestion = await provider.GetRequiredService<MultimodalSearch.Ingestion.CatalogIngestor>()
    .IngestAsync(MultimodalSearch.Ingestion.CatalogSource.Open(Path.Combine(model, "catalog")));
Console.Error.WriteLine($"In-process catalog: {ingestion.Total} items.");
var workflow = provider.GetRequiredService<FashionSearchWorkflow>();
Task AskAsync(LoadRequest request, CancellationToken cancellationToken) =>
    workflow.AskAsync(new FashionSearchRequest(request.Message, request.Photo is { } photo ? ImageInput.FromBytes(photo, request.PhotoName) : null), cancellationToken);

LoadResult http;
var memory = new List<(double Seconds, double MiB)>();
var overheadHttp = new List<LoadResult>();
var overheadInProcess = new List<LoadResult>();
await using (var app = await AppProcess.StartAsync(appDll, store))
{
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Clients }) { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(1) };
    async Task SendAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent { { new StringContent(request.Message), "message" } };
        if (request.Photo is { } photo)
        {
            var content = new ByteArrayContent(photo);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(content, "photo", request.PhotoName);
        }

        using var response = await client.PostAsync("/api/ask", form, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }
    }

    Console.Error.WriteLine("Warming up.");
    await LoadRunner.RunAsync("http warm-up", settings.Clients, settings.WarmUp, requests, SendAsync);
    await LoadRunner.RunAsync("in-process warm-up", settings.Clients, settings.WarmUp, requests, AskAsync);

    Console.Error.WriteLine($"Sustained HTTP run, {settings.Duration.TotalSeconds:F0} s.");

    // The sustained run: throughput, latency, errors, and the app's memory over time.
    http = await LoadRunner.RunAsync("http", settings.Clients, settings.Duration, requests, SendAsync, elapsed => memory.Add((elapsed.TotalSeconds, app.ResidentMiB())));
    memory.Add((http.Elapsed.TotalSeconds, app.ResidentMiB()));
    Console.Error.WriteLine(http);

    // The overhead: HTTP and in process in alternating rounds, so that a busy machine weighs on both alike.
    // CPU time per request is the steadier figure on a shared machine: other processes stretch wall-clock times, not it.
    async Task<LoadResult> MeasuredAsync(string name, Func<LoadRequest, CancellationToken, Task> send)
    {
        var (self, appCpu) = (Process.GetCurrentProcess().TotalProcessorTime, app.CpuTime());
        var result = await LoadRunner.RunAsync(name, settings.Clients, settings.BaselineDuration, requests, send);
        var appUsed = app.CpuTime() - appCpu;
        return result with { CpuTime = Process.GetCurrentProcess().TotalProcessorTime - self + appUsed, AppCpuTime = appUsed };
    }

    for (var round = 0; round < settings.Rounds; round++)
    {
        overheadHttp.Add(await MeasuredAsync("http round", SendAsync));
        overheadInProcess.Add(await MeasuredAsync("in-process round", AskAsync));
        Console.Error.WriteLine($"  round {round + 1}: {overheadHttp[^1]}");
        Console.Error.WriteLine($"  round {round + 1}: {overheadInProcess[^1]}");
    }
}

var httpRounds = LoadResult.Combine("http (rounds)", overheadHttp);
var inProcess = LoadResult.Combine("in-process (rounds)", overheadInProcess);
Console.Error.WriteLine(httpRounds);
Console.Error.WriteLine(inProcess);
Directory.Delete(store, recursive: true);
await provider.DisposeAsync();
Directory.Delete(store + "-in-process", recursive: true);

var minuteOne = memory.Where(m => m.Seconds <= 61).DefaultIfEmpty(memory[0]).Last();
var end = memory[^1];
var report = new
{
    machine = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}",
    clients = settings.Clients,
    photoShare = requests.Count(r => r.Photo is not null) / (double)requests.Count,
    http = Summary(http),
    overhead = new
    {
        rounds = settings.Rounds,
        http = Summary(httpRounds),
        inProcess = Summary(inProcess),
        throughputRatio = inProcess.RequestsPerSecond / httpRounds.RequestsPerSecond,
        latencyRatioP50 = httpRounds.Percentile(50) / inProcess.Percentile(50),
        latencyRatioMean = httpRounds.MeanMs / inProcess.MeanMs,
        cpuMsPerRequestHttp = Math.Round(httpRounds.CpuMsPerRequest, 2),
        appCpuMsPerRequestHttp = Math.Round(httpRounds.AppCpuTime.TotalMilliseconds / httpRounds.LatenciesMs.Count, 2),
        cpuMsPerRequestInProcess = Math.Round(inProcess.CpuMsPerRequest, 2),
        cpuRatio = httpRounds.CpuMsPerRequest / inProcess.CpuMsPerRequest,
        appCpuRatio = httpRounds.AppCpuTime.TotalMilliseconds / httpRounds.LatenciesMs.Count / inProcess.CpuMsPerRequest,
    },
    memoryMiB = new { minuteOne = Math.Round(minuteOne.MiB, 1), minuteOneAt = Math.Round(minuteOne.Seconds), end = Math.Round(end.MiB, 1), endAt = Math.Round(end.Seconds), peak = Math.Round(memory.Max(m => m.MiB), 1), change = (end.MiB - minuteOne.MiB) / minuteOne.MiB },
};
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
Console.WriteLine(json);
if (settings.Output is { } output)
{
    await File.WriteAllTextAsync(output, json);
}

Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"HTTP overhead: in-process throughput / HTTP throughput = {report.overhead.throughputRatio:F2}, HTTP mean latency / in-process = {report.overhead.latencyRatioMean:F2}, CPU per request HTTP (app + client) / in process = {report.overhead.cpuRatio:F2}, the app's alone = {report.overhead.appCpuRatio:F2}; RSS {report.memoryMiB.minuteOne} MiB at {report.memoryMiB.minuteOneAt} s -> {report.memoryMiB.end} MiB at the end ({report.memoryMiB.change:P1})."));
return http.ErrorCount == 0 && httpRounds.ErrorCount == 0 && inProcess.ErrorCount == 0 ? 0 : 1;

static object Summary(LoadResult result) => new
{
    requests = result.LatenciesMs.Count,
    seconds = Math.Round(result.Elapsed.TotalSeconds, 1),
    requestsPerSecond = Math.Round(result.RequestsPerSecond, 1),
    p50Ms = Math.Round(result.Percentile(50), 2),
    p99Ms = Math.Round(result.Percentile(99), 2),
    maxMs = Math.Round(result.Percentile(100), 2),
    meanMs = Math.Round(result.MeanMs, 2),
    errors = result.ErrorCount,
};
