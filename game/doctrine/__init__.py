"""The doctrine as data: what each kind of squad is and carries, how its officers stand in a
formation, and the rules of negotiation and of force (game/doctrine/rules/*.toml).

Plain data and arithmetic only: no physics engine, no simulation. The level loader checks a
level against it and the simulation applies it, so both read the one source.
"""
