"""The demo district kept alive (DEMO_SIMULATOR): generated history that looks like a working
centre (timeline), simulated citizens and grid workers reporting through the real intake
(arrivals), simulated staff moving cases through the real workflow services (moves), the
simulated accounts they act as (cast), and the tick that runs them (services, tasks)."""
