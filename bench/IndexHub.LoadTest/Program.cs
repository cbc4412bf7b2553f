using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// Load test: CONCURRENCY clients on loopback for DURATION seconds, reads with some imports mixed in.
// Reports errors (must be zero), latency percentiles and the service's resident memory before and after.
// Usage: IndexHub.LoadTest BASE_URL EDITOR_KEY SERVICE_PID [DURATION_SECONDS=30] [CONCURRENCY=64]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: IndexHub.LoadTest BASE_URL EDITOR_KEY SERVICE_PID [DURATION_SECONDS] [CONCURRENCY]");
    return 2;
}
var baseUrl = args[0].TrimEnd('/');
var key = args[1];
var pid = int.Parse(args[2], CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30);
var concurrency = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 64;

string[] reads =
[
    "/api/v1/indices/PAPI/results?year=2023",
    "/api/v1/indices/PAR/results?year=2023",
    "/api/v1/provinces/92/results",
    "/api/v1/provinces/92/scorecard?year=2022",
    "/api/v1/compare?index=PAPI&year=2023&units=79,01,92",
    "/api/v1/provinces?year=2023",
    "/api/v1/indices/PAR/regions?year=2023",
    "/api/v1/indices/PAPI/results?year=2022&format=csv",
    "/api/v1/provinces/01/units/results?year=2023",
];

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    BaseAddress = new Uri(baseUrl),
    Timeout = TimeSpan.FromSeconds(30),
};

// Warm up, then take the "before" memory.
foreach (var url in reads)
{
    (await client.GetAsync(url)).EnsureSuccessStatusCode();
}
var rssBefore = Rss(pid);

var latencies = new List<double>[concurrency];
var errors = new List<string>();
var imports = 0;
var until = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
{
    var mine = latencies[worker] = [];
    var random = new Random(worker);
    var n = 0;
    while (until.Elapsed < duration)
    {
        n++;
        var started = Stopwatch.GetTimestamp();
        try
        {
            HttpResponseMessage response;
            if (worker < 2 && n % 50 == 0)
            {
                // Two of the clients also import: the same small published table, alternately from two sources.
                var source = n % 100 == 0 ? "https://lite.baomoi.com/pci-2024" : "https://example.org/pci-2024-copy";
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/indices/PCI/imports?year=2024&sourceUrl={Uri.EscapeDataString(source)}&sourceKind=press")
                {
                    Content = new StringContent("unit,score,rank\nHải Phòng,74.84,1\nQuảng Ninh,73.20,2\nTP.HCM,67.89,29\n", Encoding.UTF8, "text/csv"),
                };
                request.Headers.Add("X-Api-Key", key);
                response = await client.SendAsync(request);
                Interlocked.Increment(ref imports);
            }
            else
            {
                response = await client.GetAsync(reads[random.Next(reads.Length)]);
            }
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                lock (errors)
                {
                    errors.Add($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.PathAndQuery}");
                }
            }
            response.Dispose();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            lock (errors)
            {
                errors.Add(e.GetType().Name + ": " + e.Message);
            }
        }
        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}));
var elapsed = until.Elapsed.TotalSeconds;
await Task.Delay(2000);
var rssAfter = Rss(pid);

var all = latencies.SelectMany(l => l).Order().ToList();
double P(double q) => all[(int)Math.Min(all.Count - 1, Math.Floor(q * all.Count))];
Console.WriteLine($"clients            {concurrency}");
Console.WriteLine($"duration           {elapsed:F1} s");
Console.WriteLine($"requests           {all.Count} ({all.Count / elapsed:F0}/s), of which imports {imports}");
Console.WriteLine($"errors             {errors.Count}");
Console.WriteLine($"latency ms         p50 {P(0.50):F2}  p90 {P(0.90):F2}  p99 {P(0.99):F2}  max {all[^1]:F2}");
Console.WriteLine($"service RSS MB     before {rssBefore / 1024.0:F1}  after {rssAfter / 1024.0:F1}");
foreach (var group in errors.GroupBy(e => e).Take(10))
{
    Console.WriteLine($"  {group.Count()} x {group.Key}");
}
return errors.Count == 0 ? 0 : 1;

static long Rss(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
