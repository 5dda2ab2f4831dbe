import CMTSource
