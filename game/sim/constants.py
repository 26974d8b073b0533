"""Physical constants of the crowd model (SI units), from ../shared/reference/crowd-model.md.

Helbing, Farkas & Vicsek (2000) for the social force; Tordeux's collision-free speed model
for the slowing-down behind the person ahead, which the plain social force lacks.
"""

# The crowd model's version: a replay recorded with another one cannot verify (its hashes
# follow other physics). 2: the calibration under pressure of docs/crowd-model.md.
CROWD_MODEL = "2"

TICK_RATE = 60
DT = 1.0 / TICK_RATE

PERSON_MASS = 80.0  # kg
TAU = 0.5  # s, relaxation time of the driving force

# Exponential social repulsion between people and from walls.
REPULSION_A = 2000.0  # N
REPULSION_B = 0.08  # m
WALL_A = 2000.0  # N
WALL_B = 0.08  # m
# Damping along the line of centres of two people closer than DAMPING_RANGE beyond touching:
# it takes the oscillation out of the stiff repulsion near contact (docs/crowd-model.md).
PAIR_DAMPING = 400.0  # N·s/m
DAMPING_RANGE = 0.15  # m
NEIGHBOUR_CUTOFF = 1.2  # m between centres; past it the repulsion is below 2 N
WALL_CUTOFF = 0.9  # m from a wall's centre line

# Speed cap from the gap ahead: v = min(v0, gap / TIME_GAP) (Tordeux et al. 2016).
TIME_GAP = 0.5  # s
SQUEEZE = 0.05  # m: bodies give a little, so a touching walker still shuffles forward
PRESS_FROM = 1.8  # m/s: a calm person's desired speed above a brisk walk presses on
WIGGLE = 300.0  # N: the side-to-side force of someone squeezing on through a press ...
WIGGLE_FULL = 0.5  # m/s: ... in full once they want this much more than the gap allows
WIGGLE_HZ = 1.0  # about a step cycle
PRESS_RANGE = 0.15  # m: pressing weighs in over the last of the gap to the back ahead
SIDESTEP = 0.15  # sideways drive, as a share of the full drive, to pass someone ahead
AHEAD_CORRIDOR = 0.6  # fraction of r_i + r_j: how wide the lane ahead is

# pymunk contacts stand in for the body compression (k) and sliding friction (kappa) terms.
PERSON_FRICTION = 0.4
WALL_FRICTION = 0.3
COLLISION_SLOP = 0.005  # m of overlap pymunk tolerates (its default of 0.1 is for pixels)
SOLVER_ITERATIONS = 10
SPATIAL_HASH_CELL = 0.6  # m

# Keyframes: the live run rebuilds itself from a plain snapshot this often (DESIGN.md).
KEYFRAME_SECONDS = 5
