# One image for the API and the worker; docker-compose.yml picks the command.
# Node 26: the Active LTS line since October 2026 (supported until April 2029). The project is also
# tested on Node 20.20 (the machines it is developed on); for Node 24 LTS: --build-arg NODE=24.
ARG NODE=26
FROM node:${NODE}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY .swcrc ./
COPY scripts ./scripts
COPY src ./src
COPY workflows ./workflows
COPY bench ./bench
COPY public ./public
RUN npm run build && npm prune --omit=dev

FROM node:${NODE}-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/public ./public
COPY package.json ./
# The data folder and the mail volume's mount point belong to the user the service runs as.
RUN mkdir -p /app/data/mail && chown -R node:node /app/data
USER node
EXPOSE 3000
# A heap limit of 1.5 GiB (not V8's default of a quarter of the machine's memory, up to 4 GiB) also
# halves how far V8 lets the heap grow between full collections: README, "Memory".
CMD ["node", "--max-old-space-size=1536", "dist/src/main.js"]
