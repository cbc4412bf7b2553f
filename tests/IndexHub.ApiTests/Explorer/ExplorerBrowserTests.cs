using System.IO.Compression;
using System.Text.Json;
using OpenQA.Selenium;

namespace IndexHub.ApiTests.Explorer;

/// <summary>
/// The explorer in a real browser (headless Chromium over a listening service): what a reader of Cần Thơ's
/// 2022 analysis sees, the merged province's predecessors, the index and compare pages, the embeddable
/// scorecard, no console errors, no serious accessibility violations, a phone's width, and the page weight.
/// </summary>
public sealed class ExplorerBrowserTests(ExplorerServer server) : IClassFixture<ExplorerServer>
{
    private const long PageWeightBudget = 300 * 1024;

    private static ITestOutputHelper? Output => TestContext.Current.TestOutputHelper;

    [Fact]
    public void CanTho2022_shows_each_index_as_the_citys_analysis_reads_it()
    {
        Open("/provinces/92?year=2022&lang=en");

        AssertCard("PAR", "26/63", places: 25);
        AssertCard("SIPAS", "36/63", places: 12);
        AssertCard("PAPI", "55/63", places: -13);
        // PCI 2022: only the city's statement is held, shown as such.
        var pci = Card("PCI");
        Assert.Contains("PCI: down 7 places on 2021, as published", pci.Text, StringComparison.Ordinal);
        Assert.Equal("-7", pci.FindElement(By.CssSelector(".places")).GetDomAttribute("data-places"));

        // Statuses are words with why, never codes.
        var par = Card("PAR");
        Assert.Contains("score not in the source", par.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("notInSource", Body().Text, StringComparison.Ordinal);

        // A source with an address is a real link; one without is its citation.
        var links = Card("PAPI").FindElements(By.CssSelector("a.source"));
        Assert.NotEmpty(links);
        Assert.All(links, a => Assert.StartsWith("https://", a.GetDomAttribute("href"), StringComparison.Ordinal));
        Assert.NotEmpty(par.FindElements(By.CssSelector("cite.source")));

        // Rank over the years drawn; components against the national mean where it exists.
        AssertChartDrawn("figure[data-index='PAPI'] .chart");
        Assert.NotEmpty(Driver.FindElements(By.CssSelector("table.components[data-index='PAPI'] tbody tr")));
        AssertNoConsoleErrors();
        SaveScreenshot("explorer-province.png");
    }

    [Fact]
    public void TP_HCM_2023_shows_its_targets_who_leads_them_and_how_they_stand()
    {
        Open("/provinces/79?year=2023&lang=en");
        var rows = Driver.FindElements(By.CssSelector("table.targets tbody tr"));
        Assert.Equal(2, rows.Count);
        var par = rows.Single(r => r.Text.Contains("PAR: Top 15", StringComparison.Ordinal));
        Assert.Equal("notMet", par.GetDomAttribute("data-status"));
        Assert.Contains("Sở Nội vụ TP.HCM", par.Text, StringComparison.Ordinal);
        Assert.Contains("Not met", par.Text, StringComparison.Ordinal);
        Assert.Contains("33rd of 63, outside the top 15.", par.Text, StringComparison.Ordinal);
        Assert.Contains("The source’s evaluation: not met: 33rd of 63 in 2023", par.Text, StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }

    [Fact]
    public void CanTho2022_is_Vietnamese_first_and_switches_to_English()
    {
        Open("/provinces/92?year=2022&lang=vi");
        Assert.Equal("vi", Driver.FindElement(By.TagName("html")).GetDomAttribute("lang"));
        Assert.Contains("PCI: giảm 7 bậc so với 2021, theo công bố", Card("PCI").Text, StringComparison.Ordinal);
        Assert.Contains("tăng 25 bậc", Card("PAR").Text, StringComparison.Ordinal);

        Driver.FindElement(By.CssSelector("button.lang")).Click();
        WaitReady();
        Assert.Equal("en", Driver.FindElement(By.TagName("html")).GetDomAttribute("lang"));
        Assert.Contains("up 25 places", Card("PAR").Text, StringComparison.Ordinal);
        Assert.Contains("lang=en", Driver.Url, StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }

    [Fact]
    public void CanTho2026_shows_its_predecessors_side_by_side()
    {
        Open("/provinces/92?year=2026&lang=en");
        var section = Driver.FindElement(By.CssSelector("section.predecessors"));
        var names = section.FindElements(By.CssSelector("a.predecessor")).Select(a => a.Text).ToList();
        Assert.Equal(["Cần Thơ", "Hậu Giang", "Sóc Trăng"], names);
        var columns = section.FindElements(By.CssSelector("table.side-by-side thead th")).Select(th => th.Text).ToList();
        Assert.Contains("Hậu Giang", columns);
        Assert.Contains("Sóc Trăng", columns);
        // The PAPI chart draws one line per predecessor, never a merged figure.
        var papiColumns = Driver.FindElements(By.CssSelector("figure[data-index='PAPI'] details table thead th")).Select(th => th.GetDomProperty("textContent")).ToList();
        Assert.Equal(4, papiColumns.Count);
        AssertChartDrawn("figure[data-index='PAPI'] .chart");
        AssertNoConsoleErrors();
    }

    [Fact]
    public void Index_page_sorts_filters_labels_a_partial_table_and_offers_the_CSV()
    {
        Open("/indices/PAR?year=2023&lang=en");
        var rows = Driver.FindElements(By.CssSelector("table.ranking tbody tr"));
        // PAR 2023: the four published ranks, the two listed after them and the two named last (unordered).
        Assert.Equal(8, rows.Count);
        Assert.Equal("true", Driver.FindElement(By.CssSelector(".badge")).GetDomAttribute("data-partial"));
        Assert.Contains("Partial table: 8 of 63", Driver.FindElement(By.CssSelector(".badge")).Text, StringComparison.Ordinal);
        Assert.Equal("22", rows[0].GetDomAttribute("data-unit"));

        var csv = Driver.FindElement(By.LinkText("Download CSV")).GetDomAttribute("href");
        Assert.Contains("format=csv", csv, StringComparison.Ordinal);

        // Sorting by score puts the lowest first, again the highest; the sort controls are buttons a keyboard reaches.
        Driver.FindElements(By.CssSelector("table.ranking thead th button.sort"))[3].SendKeys(Keys.Enter);
        Assert.Equal("79", Driver.FindElements(By.CssSelector("table.ranking tbody tr"))[0].GetDomAttribute("data-unit"));
        Assert.Equal("ascending", Driver.FindElements(By.CssSelector("table.ranking thead th"))[3].GetDomAttribute("aria-sort"));
        Driver.FindElements(By.CssSelector("table.ranking thead th button.sort"))[3].SendKeys(Keys.Enter);
        Assert.Equal("22", Driver.FindElements(By.CssSelector("table.ranking tbody tr"))[0].GetDomAttribute("data-unit"));
        Assert.Equal("descending", Driver.FindElements(By.CssSelector("table.ranking thead th"))[3].GetDomAttribute("aria-sort"));

        Driver.FindElement(By.Id("region")).Click();
        Driver.FindElement(By.CssSelector("#region option[value='southeast']")).Click();
        Assert.Equal(["77", "79"], Driver.FindElements(By.CssSelector("table.ranking tbody tr")).Select(r => r.GetDomAttribute("data-unit")).Order(StringComparer.Ordinal));

        Assert.Equal(6, Driver.FindElements(By.CssSelector("table.regions tbody tr")).Count);
        AssertChartDrawn("section[aria-labelledby='scores-h'] .chart");
        AssertNoConsoleErrors();
    }

    [Fact]
    public void Compare_page_shows_the_units_the_national_mean_and_the_best_per_row()
    {
        Open("/compare?index=PAPI&year=2023&units=79,01,92&lang=en");
        var header = Driver.FindElements(By.CssSelector("table.compare thead th")).Select(th => th.Text).ToList();
        Assert.Equal(["Component", "Hồ Chí Minh", "Hà Nội", "Cần Thơ", "National mean"], header);
        var total = Driver.FindElement(By.CssSelector("table.compare tr[data-component='total']"));
        Assert.Contains("42.33", total.Text, StringComparison.Ordinal);
        Assert.Contains("Hà Nội", Driver.FindElement(By.CssSelector("table.compare thead")).Text, StringComparison.Ordinal);
        var rows = Driver.FindElements(By.CssSelector("table.compare tbody tr"));
        Assert.True(rows.Count > 8);
        Assert.All(rows, row => Assert.NotEmpty(row.FindElements(By.CssSelector("td.best"))));
        AssertChartDrawn("section[aria-labelledby='compare-chart-h'] .chart");
        AssertNoConsoleErrors();
    }

    [Fact]
    public void Embeddable_scorecard_renders_and_may_be_framed()
    {
        Open("/embed/provinces/92?year=2022&lang=en");
        // PAR, SIPAS, PCI, PAPI and DTI 2022 (5th, from the ministry's table).
        Assert.Equal(5, Driver.FindElements(By.CssSelector("article.card")).Count);
        Assert.Contains("26/63", Card("PAR").Text, StringComparison.Ordinal);
        Assert.Contains("/provinces/92?year=2022", Driver.FindElement(By.CssSelector(".more a")).GetDomAttribute("href"), StringComparison.Ordinal);
        AssertNoConsoleErrors();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/provinces/92?year=2022")]
    [InlineData("/provinces/92?year=2026&lang=en")]
    [InlineData("/provinces/79?year=2023&lang=en")]
    [InlineData("/indices/PAPI?year=2023")]
    [InlineData("/compare?index=PAPI&year=2023&units=79,01,92")]
    [InlineData("/embed/provinces/92?year=2022")]
    public void Axe_finds_no_serious_or_critical_violations(string path)
    {
        var axe = AxeSource();
        Open(path);
        Driver.ExecuteScript(axe);
        var json = (string?)Driver.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))))
              .catch(e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }])));
            """);
        var violations = JsonSerializer.Deserialize<List<AxeViolation>>(json ?? "[]", JsonSerializerOptions.Web)!;
        foreach (var v in violations)
        {
            Output?.WriteLine($"axe {path}: {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Targets)}");
        }
        Assert.DoesNotContain(violations, v => v.Impact is "serious" or "critical");
    }

    [Fact]
    public void Pages_are_keyboard_navigable_and_fit_a_phone()
    {
        Open("/provinces/92?year=2022");
        Driver.FindElement(By.TagName("body")).SendKeys(Keys.Tab);
        Assert.Equal("skip", Driver.SwitchTo().ActiveElement().GetDomAttribute("class"));
        Driver.SwitchTo().ActiveElement().SendKeys(Keys.Enter);
        Assert.Equal("main", Driver.SwitchTo().ActiveElement().GetDomAttribute("id"));

        var size = Driver.Manage().Window.Size;
        try
        {
            Driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
            foreach (var path in new[] { "/provinces/92?year=2022", "/indices/PAPI?year=2023", "/compare?index=PAPI&year=2023&units=79,01,92" })
            {
                Open(path);
                // The page itself never scrolls sideways on a phone; wide tables scroll inside their own box.
                var overflow = Convert.ToInt64(Driver.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a phone's screen");
            }
        }
        finally
        {
            Driver.Manage().Window.Size = size;
        }
    }

    [Fact]
    public async Task First_load_of_a_province_page_weighs_under_300_KB_compressed()
    {
        server.RequireBrowser();
        // A fresh browser cache would be needed for transferSize; the bytes are fetched again instead, which also
        // shows what the service itself compresses (the explorer's files) and what it sends as is (the API's JSON).
        Open("/provinces/92?year=2022");
        var urls = ((IReadOnlyCollection<object>)Driver.ExecuteScript(
                "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)];")!)
            .Select(u => (string)u!).Distinct().ToList();
        long raw = 0, served = 0, gzipped = 0;
        foreach (var url in urls)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            var encoding = response.Content.Headers.ContentEncoding.FirstOrDefault();
            var plain = encoding switch
            {
                "br" => Decode(body, s => new BrotliStream(s, CompressionMode.Decompress)),
                "gzip" => Decode(body, s => new GZipStream(s, CompressionMode.Decompress)),
                _ => body,
            };
            var gzip = Gzip(plain);
            raw += plain.Length;
            served += body.Length;
            gzipped += encoding is null ? gzip : body.Length;
            Output?.WriteLine($"{new Uri(url).PathAndQuery,-60} {plain.Length,8} B raw {body.Length,8} B served ({encoding ?? "identity"}) {gzip,7} B gzip");
        }
        Output?.WriteLine($"first load of /provinces/92?year=2022: {urls.Count} requests, {raw} B raw, {served} B as served, {gzipped} B compressed");
        Assert.True(gzipped < PageWeightBudget, $"{gzipped} B compressed, over {PageWeightBudget} B");
    }

    // --- helpers

    private OpenQA.Selenium.Chrome.ChromeDriver Driver => server.Driver;

    private void Open(string path)
    {
        server.RequireBrowser();
        server.Driver.Navigate().GoToUrl(new Uri(server.BaseAddress, path));
        WaitReady();
    }

    private void WaitReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var ready = server.Driver.FindElement(By.TagName("body")).GetDomAttribute("data-ready");
            if (ready == "true")
            {
                // Charts are drawn on the next animation frame.
                server.Driver.ExecuteAsyncScript("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
                return;
            }
            Assert.NotEqual("error", ready);
            Thread.Sleep(50);
        }
        Assert.Fail($"{server.Driver.Url} did not finish rendering: {Body().Text}");
    }

    private IWebElement Body() => server.Driver.FindElement(By.TagName("body"));

    private IWebElement Card(string index) => server.Driver.FindElement(By.CssSelector($"article.card[data-index='{index}']"));

    private void AssertCard(string index, string rankLabel, int places)
    {
        var card = Card(index);
        Assert.Equal(rankLabel, card.GetDomAttribute("data-rank-label"));
        Assert.StartsWith(rankLabel, card.FindElement(By.CssSelector(".rank")).Text, StringComparison.Ordinal);
        var change = card.FindElement(By.CssSelector(".places"));
        Assert.Equal(places.ToString(System.Globalization.CultureInfo.InvariantCulture), change.GetDomAttribute("data-places"));
        Assert.Equal(places > 0 ? "up" : "down", change.GetDomAttribute("data-direction"));
        Assert.Contains(places > 0 ? $"▲ up {places} places" : $"▼ down {-places} places", change.Text, StringComparison.Ordinal);
    }

    private void AssertChartDrawn(string selector)
    {
        var chart = server.Driver.FindElement(By.CssSelector(selector));
        Assert.Equal("true", chart.GetDomAttribute("data-drawn"));
        var painted = Convert.ToInt64(server.Driver.ExecuteScript("""
            const canvas = arguments[0].querySelector('canvas');
            if (!canvas || !canvas.width) return 0;
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
            return painted;
            """, chart), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(painted > 1000, $"{selector}: {painted} painted pixels");
    }

    private void AssertNoConsoleErrors()
    {
        var errors = server.Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Severe).Select(e => e.Message).ToList();
        Assert.True(errors.Count == 0, "console errors:\n" + string.Join("\n", errors));
    }

    private void SaveScreenshot(string name)
    {
        // The whole page: the window is made as tall as the page for the shot (capped), then put back.
        var size = server.Driver.Manage().Window.Size;
        var height = Convert.ToInt32(server.Driver.ExecuteScript("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        server.Driver.Manage().Window.Size = new System.Drawing.Size(1280, Math.Min(height + 40, 3000));
        Screenshot shot;
        try
        {
            shot = server.Driver.GetScreenshot();
        }
        finally
        {
            server.Driver.Manage().Window.Size = size;
        }
        var local = Path.Combine(AppContext.BaseDirectory, name);
        shot.SaveAsFile(local);
        Output?.WriteLine($"screenshot: {local}");
        // The README's picture: written into docs/ when asked (INDEXHUB_UPDATE_SCREENSHOTS=1) or when missing, so
        // that a test run on a machine with other fonts does not leave the work tree changed.
        var docs = Path.Combine(RepositoryRoot(), "docs", name);
        if (Environment.GetEnvironmentVariable("INDEXHUB_UPDATE_SCREENSHOTS") == "1" || !File.Exists(docs))
        {
            shot.SaveAsFile(docs);
            Output?.WriteLine($"screenshot: {docs}");
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IndexHub.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("IndexHub.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>axe-core from the explorer's npm packages (npm ci in src/IndexHub.Explorer; .ci/run does it).</summary>
    private static string AxeSource()
    {
        var path = Path.Combine(RepositoryRoot(), "src", "IndexHub.Explorer", "node_modules", "axe-core", "axe.min.js");
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }
        var why = $"axe-core is not installed ({path}): run npm ci in src/IndexHub.Explorer";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true and " + why);
        }
        Console.Error.WriteLine("WARNING: " + why + "; the accessibility check is skipped.");
        Assert.Skip(why);
        return "";
    }

    private static byte[] Decode(byte[] body, Func<Stream, Stream> decoder)
    {
        using var input = decoder(new MemoryStream(body));
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static long Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(plain);
        }
        return output.Length;
    }

    private sealed record AxeViolation(string Id, string? Impact, string Help, List<string> Targets);
}
