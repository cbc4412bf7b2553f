using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IndexHub.ApiTests;

/// <summary>The real server process: on SIGTERM, an in-flight write finishes before the process exits.</summary>
public sealed class ShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_in_flight_request_finishes_when_the_service_is_told_to_stop()
    {
        var database = Path.Combine(Path.GetTempPath(), $"indexhub-shutdown-{Guid.NewGuid():N}.db");
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        ProcessStartInfo Start(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false, RedirectStandardOutput = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IndexHub.Api.dll"));
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }
            start.Environment["ConnectionStrings__IndexHub"] = $"Data Source={database}";
            start.Environment["Faults__PauseBeforeCommitMilliseconds"] = "3000";
            start.Environment["Shutdown__TimeoutSeconds"] = "20";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            return start;
        }
        try
        {
            string key;
            using (var create = Process.Start(Start("keys", "create", "--role", "editor", "--name", "shutdown"))!)
            {
                key = (await create.StandardOutput.ReadToEndAsync(Ct)).Trim().Split('\n')[^1].Trim();
                await create.WaitForExitAsync(Ct);
            }
            var serving = Start("--urls", $"http://127.0.0.1:{port}");
            serving.Environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting"] = "Information";
            using var server = Process.Start(serving)!;
            var output = server.StandardOutput.ReadToEndAsync(Ct);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            var ready = false;
            for (var i = 0; i < 120 && !ready; i++)
            {
                try
                {
                    ready = (await client.GetAsync("/health/ready", Ct)).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500, Ct);
                }
            }
            Assert.True(ready, "the service did not start");

            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/indices/PCI/imports?year=2018&sourceUrl=https%3A%2F%2Fwww.pcivietnam.vn%2Fho-so-tinh%2Fbac-giang&sourceKind=publisher")
            {
                Content = new StringContent("unit,score,rank\nBắc Giang,63.01,36\n", Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("X-Api-Key", key);
            var inFlight = client.SendAsync(request, Ct);
            await Task.Delay(1500, Ct);
            using (var term = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(Ct);
            }
            using var response = await inFlight;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("revision", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            using var exited = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            exited.CancelAfter(TimeSpan.FromSeconds(30));
            await server.WaitForExitAsync(exited.Token);
            Assert.Equal(0, server.ExitCode);

            // The logs are JSON, one object a line, and a request's lines carry its request and trace ids.
            var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).ToList();
            Assert.NotEmpty(lines);
            var requestLines = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Where(l => l.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(scope => scope.ValueKind == System.Text.Json.JsonValueKind.Object && scope.TryGetProperty("RequestId", out _)))
                .ToList();
            Assert.Contains(requestLines, l => l.GetProperty("Scopes").EnumerateArray().Any(scope => scope.ValueKind == System.Text.Json.JsonValueKind.Object && scope.TryGetProperty("TraceId", out _)));
            Assert.DoesNotContain(lines, l => l.Contains(key, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
