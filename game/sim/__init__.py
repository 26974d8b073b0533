"""The deterministic, headless core of the trainer. It never imports pygame.

Orders are the only way in; Events, snapshots and state hashes are the only ways out.
"""

from game.sim.events import Event
from game.sim.orders import Order, parse_order, parse_orders
from game.sim.simulation import Simulation

__all__ = ["Event", "Order", "Simulation", "parse_order", "parse_orders"]
