"""The trainee's game: scenes, rendering and input on top of the headless simulation.

Nothing here changes the simulation except by submitting Orders.
"""
