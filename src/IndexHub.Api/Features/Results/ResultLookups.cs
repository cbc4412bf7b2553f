namespace IndexHub.Api.Features.Results;

public sealed record IndexInfo(int Id, string Code, string NameEn, bool HigherIsBetter, string NameVi);
