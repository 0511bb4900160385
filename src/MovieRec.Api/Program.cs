using MovieRec.Api;

MovieRecApi.BuildWithEngine(args).Run();

public partial class Program;
