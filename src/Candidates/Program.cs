Console.WriteLine("Candidates");
