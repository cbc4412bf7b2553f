using System.Net;
using System.Text;
using System.Text.Json;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Persistence.Entities;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests.Infrastructure;

/// <summary>What a suite of writes needs: the host (skipped or failed where its engine is missing), keys, imports and answers.</summary>
public abstract class EditorBehaviour<TApp>(TApp app) where TApp : IndexHubApp
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected TApp App => app;

    protected HttpClient Client
    {
        get
        {
            app.RequireEngine();
            return app.Client;
        }
    }

    protected async Task<string> KeyAsync(ApiKeyRole role)
    {
        app.RequireEngine();
        await using var scope = app.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new CreateKey.Command($"test {role} {Guid.NewGuid():N}", role.ToString(), Author.CommandLine()), Ct);
        return created.Secret;
    }

    protected async Task<HttpResponseMessage> ImportAsync(string index, string query, HttpContent content, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/indices/{index}/imports?{query}") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        return await Client.SendAsync(request, Ct);
    }

    protected Task<HttpResponseMessage> ImportCsvAsync(string index, string query, string csv, string? key) =>
        ImportAsync(index, query, new StringContent(csv, Encoding.UTF8, "text/csv"), key);

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
