using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests;

/// <summary>
/// The check every test client makes of every answer (<see cref="ContractValidatingHandler"/>) cannot pass silently:
/// a body, a status, a media type or a header the contract does not describe is rejected, naming where.
/// </summary>
public sealed class ContractValidationTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Scorecard = "/api/v1/provinces/92/scorecard";

    private async Task<(byte[] Body, Func<string, string?> Header)> RealScorecardAsync()
    {
        using var response = await app.Client.GetAsync(Scorecard + "?year=2022", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return (await response.Content.ReadAsByteArrayAsync(Ct), name => headers.GetValueOrDefault(name));
    }

    [Fact]
    public async Task A_real_answer_passes()
    {
        var (body, header) = await RealScorecardAsync();
        Assert.Empty(Contract.Committed.Check("GET", Scorecard, 200, "application/json", body, header));
    }

    [Fact]
    public async Task A_wrong_body_is_rejected_naming_the_property()
    {
        var (body, header) = await RealScorecardAsync();
        var wrong = JsonNode.Parse(body)!;
        wrong["year"] = "2022";
        var entry = wrong["indices"]![0]!;
        entry["result"]!["tier"] = 5;
        entry["unexpected"] = true;
        var problems = Contract.Committed.Check("GET", Scorecard, 200, "application/json", Encoding.UTF8.GetBytes(wrong.ToJsonString()), header);
        Assert.Contains(problems, p => p.Contains("at /year:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("at /indices/0/result/tier:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("at /indices/0:", StringComparison.Ordinal) || p.Contains("/indices/0/unexpected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_null_where_the_contract_says_never_is_rejected()
    {
        var (body, header) = await RealScorecardAsync();
        var wrong = JsonNode.Parse(body)!;
        wrong["indices"]![0]!["index"] = null;
        Assert.Contains(Contract.Committed.Check("GET", Scorecard, 200, "application/json", Encoding.UTF8.GetBytes(wrong.ToJsonString()), header),
            p => p.Contains("at /indices/0/index:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_undeclared_status_media_type_or_missing_header_is_rejected()
    {
        var (body, header) = await RealScorecardAsync();
        Assert.Contains(Contract.Committed.Check("GET", Scorecard, 418, "application/json", body, header),
            p => p.Contains("does not declare status 418", StringComparison.Ordinal));
        Assert.Contains(Contract.Committed.Check("GET", Scorecard, 200, "text/html", body, header),
            p => p.Contains("media type text/html is not declared", StringComparison.Ordinal));
        Assert.Contains(Contract.Committed.Check("GET", Scorecard, 200, "application/json", body, name => name == "ETag" ? null : header(name)),
            p => p.Contains("header ETag is required but missing", StringComparison.Ordinal));
        Assert.Contains(Contract.Committed.Check("GET", Scorecard, 200, "application/json", body, name => name == "X-RateLimit-Limit" ? "many" : header(name)),
            p => p.Contains("header X-RateLimit-Limit", StringComparison.Ordinal));
        Assert.Contains(Contract.Committed.Check("GET", Scorecard, 304, "application/json", body, header),
            p => p.Contains("where the contract declares none", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_handler_fails_the_request_that_got_a_wrong_answer()
    {
        using var client = new HttpClient(new ContractValidatingHandler(() => Contract.Committed)
        {
            InnerHandler = new Canned(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"provinces": 7}""", Encoding.UTF8, "application/json") }),
        })
        { BaseAddress = new Uri("http://localhost") };
        var failure = await Assert.ThrowsAsync<ContractViolationException>(() => client.GetAsync("/api/v1/regions", Ct));
        Assert.Contains("GET /api/v1/regions", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_test_clients_check_what_they_receive()
    {
        var before = app.ContractChecks.Checked;
        using var response = await app.Client.GetAsync("/api/v1/regions", Ct);
        response.EnsureSuccessStatusCode();
        using var unknown = await app.Client.GetAsync("/api/v1/indices/NOPE", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True(app.ContractChecks.Checked >= before + 2, "the answers app.Client received were not checked against openapi.yaml");
    }

    private sealed class Canned(HttpResponseMessage response) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(response);
    }
}
