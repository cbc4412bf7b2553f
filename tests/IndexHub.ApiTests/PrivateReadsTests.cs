using System.Net;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Features.Keys;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>A service started with Security:RequireKeyForReads: reads then need at least a reader key.</summary>
public sealed class PrivateReadsApp : IndexHubApp
{

    public override IndexHub.Api.Persistence.DatabaseProvider Provider => IndexHub.Api.Persistence.DatabaseProvider.Sqlite;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"indexhub-private-{Guid.NewGuid():N}.db");

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>($"Data Source={_path};Pooling=False");

    protected override void CleanUp() => File.Delete(_path);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Security:RequireKeyForReads", "true")];

    // Its document declares the key its reads need (and their 401s).
    protected override bool ContractIsServedDocument => true;
}

public sealed class PrivateReadsTests(PrivateReadsApp app) : IClassFixture<PrivateReadsApp>
{
    [Fact]
    public async Task Reads_need_a_reader_key_when_configured()
    {
        var problem = await app.Client.GetProblemAsync("/api/v1/regions", HttpStatusCode.Unauthorized);
        Assert.Equal("An API key is required.", problem.Str("title"));

        await using var scope = app.CreateScope();
        var key = await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new CreateKey.Command("reader", "reader", Author.CommandLine()), TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions");
        request.Headers.Add("X-Api-Key", key.Secret);
        using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
