Console.WriteLine("Ranker");
