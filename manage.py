#!/usr/bin/env python
from cliffhanger.manage import main

if __name__ == "__main__":
    main()
