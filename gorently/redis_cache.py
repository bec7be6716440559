"""Django's Redis cache, with one redis-py client per server and an increment in one round trip.

Django's RedisCacheClient builds a new redis.Redis for every get, add or incr: the connections come
from a shared pool either way, but each client copies redis-py's table of ~80 response callbacks,
about 0.1 ms a call, and every guest page counts towards its rate limit in three or four calls.
redis-py documents its clients as safe to share between threads, so each pool keeps one.

Django's incr asks EXISTS, then INCRBY: two round trips, and if the key expires between them INCRBY
makes a new one that never expires (an address's miss counter would then lock it out for good).
Here one Lua script does both, atomically.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.commands.core import Script

# Bytes, so the script's hash needs no client to encode it.
_INCREMENT_IF_PRESENT = b"""
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._increment = Script(None, _INCREMENT_IF_PRESENT)  # EVALSHA; loaded again if Redis forgot it

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if pool not in self._clients:
            self._clients[pool] = self._client(connection_pool=pool)
        return self._clients[pool]

    def incr(self, key, delta):
        value = self._increment(keys=[key], args=[delta], client=self.get_client(key, write=True))
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
